using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>
/// The fitted meta-PPO agent as an ML.NET transformer: for each patient row it draws the patient's twins from the
/// patient-conditioned prior, adapts the learned initialisation with K PPO updates, rolls the adapted shielded policy
/// out in closed loop on the patient's forecast samples and adds the columns of <see cref="MetaPpoColumns"/>.
/// Values are computed once per <see cref="Transform"/>d view, on its first cursor, and depend only on the row's
/// patient id, its inputs and the seed (not on row order). Save it with <see cref="MetaPpoModelBundle"/>.
/// </summary>
public sealed class MetaPpoTransformer : ITransformer
{
    private readonly TwinPrior prior = new();

    /// <summary>Wraps an initialisation trained elsewhere (e.g. by a host engine) so it saves and loads as a bundle.</summary>
    public MetaPpoTransformer(MetaPpoEstimatorOptions options, MetaInitialization initialization, string trainingDataHash)
    {
        Options = options;
        Initialization = initialization;
        TrainingDataHash = trainingDataHash;
    }

    /// <summary>The settings the agent was fitted with.</summary>
    public MetaPpoEstimatorOptions Options { get; }

    /// <summary>The learned initialisation adapted from at recommendation time.</summary>
    public MetaInitialization Initialization { get; }

    /// <summary>SHA-256 of the training rows' ids and inputs.</summary>
    public string TrainingDataHash { get; }

    /// <summary>
    /// Calibration of the stated response probability, when the agent was fitted where retrospective validation courses
    /// exist (the study arm and the host engine); the estimator's feature rows carry none, so it leaves this null.
    /// </summary>
    public StatedResponseCalibration? ResponseCalibration { get; init; }

    public bool IsRowToRowMapper => false;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        PatientRowReader.CheckSchema(inputSchema, Options);
        CheckContextSize(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var (name, type) in OutputColumns(Options)) builder.AddColumn(name, type);
        return builder.ToSchema();
    }

    public IDataView Transform(IDataView input)
    {
        PatientRowReader.CheckSchema(input.Schema, Options);
        CheckContextSize(input.Schema);
        return new ComputedColumnsDataView(input, OutputColumns(Options), () => Compute(input));
    }

    /// <summary>The recommendation for each row of <paramref name="input"/>, in row order.</summary>
    public IReadOnlyList<PatientRecommendation> Recommend(IDataView input)
    {
        var agent = Options.Agent;
        TorchSetup.Configure(Options.Seed, agent.TorchThreads);
        var recommender = new DtSmdrlRecommender(Initialization, agent, ResponseCalibration);
        var rows = PatientRowReader.Read(input, Options);
        var result = new List<PatientRecommendation>(rows.Count);
        foreach (var row in rows)
        {
            var rng = row.Generator(Options.Seed, stream: 1);
            var patient = row.ToTwins(prior, agent.TwinsPerPatient, rng);
            var forecast = row.ToTwins(prior, agent.ForecastSamples, rng).Twins;
            result.Add(recommender.Recommend(patient, forecast, rng.NextInt64()));
        }
        return result;
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("MetaPpoTransformer adapts a policy per patient and computes whole views; use Transform.");

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            "ML.NET's model format cannot hold the TorchSharp policy. Save with MetaPpoModelBundle.Save(path, ml, transformer[, upstream, inputSchema]) " +
            "and load with MetaPpoModelBundle.Load(path, ml).");

    private object[][] Compute(IDataView input)
    {
        var recommendations = Recommend(input);
        return
        [
            recommendations.Select(r => (object)r.Plan).ToArray(),
            recommendations.Select(r => (object)r.ActionProbabilities).ToArray(),
            recommendations.Select(r => (object)(float)r.ResponseProbability).ToArray(),
            recommendations.Select(r => (object)new[] { (float)r.ToxicityCvar, (float)r.SevereToxicityProbability }).ToArray(),
            recommendations.Select(r => (object)(float)r.Confidence).ToArray(),
            recommendations.Select(r => (object)(float)r.ExpectedValue).ToArray(),
        ];
    }

    /// <summary>Name and type of each added column for the given settings.</summary>
    internal static List<(string Name, DataViewType Type)> OutputColumns(MetaPpoEstimatorOptions options)
    {
        var actions = options.Agent.Environment.Simulation.Actions.Count;
        return
        [
            (MetaPpoColumns.RecommendedPlan, new VectorDataViewType(TextDataViewType.Instance, options.Agent.Environment.Cycles)),
            (MetaPpoColumns.ActionProbabilities, new VectorDataViewType(NumberDataViewType.Single, actions)),
            (MetaPpoColumns.PredictedResponseProbability, NumberDataViewType.Single),
            (MetaPpoColumns.ToxicityRisk, new VectorDataViewType(NumberDataViewType.Single, 2)),
            (MetaPpoColumns.Confidence, NumberDataViewType.Single),
            (MetaPpoColumns.ExpectedValue, NumberDataViewType.Single),
        ];
    }

    private void CheckContextSize(DataViewSchema schema)
    {
        var size = ((VectorDataViewType)schema[Options.ContextColumn].Type).Size;
        var expected = Initialization.Weights.Shape.ObservationSize - AgentObservation.Size(0);
        if (size != expected)
            throw new ArgumentException($"Input column '{Options.ContextColumn}' has {size} slots; the agent was fitted on {expected}.");
    }
}
