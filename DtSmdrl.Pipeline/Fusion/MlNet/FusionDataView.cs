using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// The view <see cref="FusionTransformerTransformer.Transform"/> returns: the input's columns passed through, plus the fusion
/// outputs, computed a batch at a time by a second cursor over the same input that runs ahead of the first.
/// </summary>
internal sealed class FusionDataView : IDataView
{
    private readonly FusionTransformerTransformer _transformer;
    private readonly IDataView _input;

    public FusionDataView(FusionTransformerTransformer transformer, IDataView input, DataViewSchema schema)
    {
        _transformer = transformer;
        _input = input;
        Schema = schema;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inputCount = _input.Schema.Count;
        var inputColumns = needed.Where(i => i < inputCount).Select(i => _input.Schema[i]).ToList();
        var outputs = needed.Where(i => i >= inputCount).ToHashSet();
        var passthrough = _input.GetRowCursor(inputColumns);
        return new Cursor(this, passthrough, outputs);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly FusionDataView _view;
        private readonly DataViewRowCursor _passthrough;
        private readonly HashSet<int> _activeOutputs;
        private readonly DataViewRowCursor? _feeder;
        private readonly FusionSchema.RowReader? _reader;
        private FusionPrediction[] _batch = [];
        private int _inBatch = -1;
        private long _batchIndex = -1;
        private FusionPrediction? _current;

        public Cursor(FusionDataView view, DataViewRowCursor passthrough, HashSet<int> activeOutputs)
        {
            _view = view;
            _passthrough = passthrough;
            _activeOutputs = activeOutputs;
            if (activeOutputs.Count > 0)
            {
                var options = view._transformer.Options;
                var input = view._input.Schema;
                var columns = options.Modalities.Select(m => input[m.Column]).Append(input[options.ModalityMaskColumn]);
                _feeder = view._input.GetRowCursor(columns);
                _reader = new FusionSchema.RowReader(_feeder, options, []);
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _passthrough.Position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _passthrough.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _view._input.Schema.Count ? _passthrough.IsColumnActive(_view._input.Schema[column.Index]) : _activeOutputs.Contains(column.Index);

        public override bool MoveNext()
        {
            if (!_passthrough.MoveNext())
            {
                _current = null;
                return false;
            }
            if (_feeder is null)
                return true;
            if (++_inBatch >= _batch.Length)
                FillBatch();
            _current = _batch[_inBatch];
            return true;
        }

        private void FillBatch()
        {
            var size = _view._transformer.Options.InferenceBatchSize;
            var examples = new List<FusionExample>(size);
            while (examples.Count < size && _feeder!.MoveNext())
                examples.Add(_reader!.Read(_feeder.Position, "input"));
            if (examples.Count == 0)
                throw new InvalidOperationException($"{FusionSchema.Component}: the input view returned fewer rows on a second cursor; fusion needs a view that repeats its rows.");
            _batch = _view._transformer.PredictBatch(examples, ++_batchIndex);
            _inBatch = 0;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var inputCount = _view._input.Schema.Count;
            if (column.Index < inputCount)
                return _passthrough.GetGetter<TValue>(_view._input.Schema[column.Index]);
            if (!_activeOutputs.Contains(column.Index))
                throw new InvalidOperationException($"{FusionSchema.Component}: column '{column.Name}' was not requested when the cursor was created.");
            if (typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"{FusionSchema.Component}: column '{column.Name}' is Vector<Single>; asked for {typeof(TValue).Name}.");
            var name = _view.Schema[column.Index].Name;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var p = _current ?? throw new InvalidOperationException("The cursor is not on a row.");
                var source = FusionTransformerTransformer.OutputValue(p, name);
                var editor = VBufferEditor.Create(ref value, source.Length);
                source.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _passthrough.Dispose();
                _feeder?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
