using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>
/// The input view with extra columns whose values are computed for all rows at once, on the first cursor
/// (the values need per-patient adaptation, too costly to redo per cursor). Input columns keep their indices;
/// the computed ones follow in the order given.
/// </summary>
internal sealed class ComputedColumnsDataView : IDataView
{
    private readonly IDataView input;
    private readonly int inputCount;
    private readonly Lazy<object[][]> values;  // [computed column][row] boxed cell value

    /// <param name="input">The view to extend.</param>
    /// <param name="columns">Name and type of each computed column.</param>
    /// <param name="compute">Computes [column][row] values; a vector cell is a float[] or a string[], a scalar a float.</param>
    public ComputedColumnsDataView(IDataView input, IReadOnlyList<(string Name, DataViewType Type)> columns, Func<object[][]> compute)
    {
        this.input = input;
        inputCount = input.Schema.Count;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input.Schema);
        foreach (var (name, type) in columns) builder.AddColumn(name, type);
        Schema = builder.ToSchema();
        values = new Lazy<object[][]>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var inputNeeded = needed.Where(c => c.Index < inputCount).Select(c => input.Schema[c.Index]).ToList();
        var computed = needed.Any(c => c.Index >= inputCount) ? values.Value : null;
        return new Cursor(this, input.GetRowCursor(inputNeeded), needed.Select(c => c.Index).ToHashSet(), computed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ComputedColumnsDataView parent, DataViewRowCursor inner, HashSet<int> active, object[][]? computed) : DataViewRowCursor
    {
        public override DataViewSchema Schema => parent.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < parent.inputCount)
                return inner.GetGetter<TValue>(inner.Schema[column.Index]);
            if (!active.Contains(column.Index) || computed is null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            var cells = computed[column.Index - parent.inputCount];
            Delegate getter;
            if (cells.Length > 0 && cells[0] is string[])
            {
                getter = (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) =>
                {
                    var text = (string[])cells[Position];
                    dst = new VBuffer<ReadOnlyMemory<char>>(text.Length, text.Select(t => t.AsMemory()).ToArray());
                });
            }
            else if (cells.Length > 0 && cells[0] is float[])
            {
                getter = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    var vector = (float[])cells[Position];
                    dst = new VBuffer<float>(vector.Length, (float[])vector.Clone());
                });
            }
            else
            {
                getter = (ValueGetter<float>)((ref float dst) => dst = (float)cells[Position]);
            }
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
