using System.Security.Cryptography;
using System.Text;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>
/// ML.NET estimator for the DT-SMDRL agent: <see cref="Fit"/> draws every training row's personalised twins
/// from the patient-conditioned prior (observed data only) and meta-trains the CVaR-constrained PPO initialisation
/// over them (Reptile; or a population-trained / random initialisation per <see cref="DtSmdrlArmOptions.Initialisation"/>).
/// Reach it as <c>ml.DtSmdrl().MetaPpo(options)</c>. It trains without the imitation warm start
/// (<see cref="Arms.DtSmdrlArmOptions.Imitation"/>): that needs the patient records Twin-MPC plans from, which a feature view does not carry.
/// </summary>
public sealed class MetaPpoEstimator : IEstimator<MetaPpoTransformer>
{
    private readonly MetaPpoEstimatorOptions options;
    private readonly IProgress<string>? progress;

    public MetaPpoEstimator(MetaPpoEstimatorOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.progress = progress;
    }

    public MetaPpoTransformer Fit(IDataView input)
    {
        var rows = PatientRowReader.Read(input, options);
        if (rows.Count == 0) throw new ArgumentException("MetaPpoEstimator.Fit: the training view has no rows.", nameof(input));
        // The estimator reads feature columns, not the patient records Twin-MPC plans from, so it trains without the imitation
        // warm start (the study arm and the hosted engine, which have the records, use it).
        if (options.Agent.Initialisation == Arms.InitialisationKind.Imitation)
            throw new ArgumentException("MetaPpoEstimator: Agent.Initialisation = Imitation needs Twin-MPC demonstrations from patient records, which an IDataView of features does not carry; use Meta or Population.");
        var agent = options.Agent with { Imitation = null };
        TorchSetup.Configure(options.Seed, agent.TorchThreads);
        var prior = new TwinPrior();
        var patients = rows.Select(r => r.ToTwins(prior, agent.TwinsPerPatient, r.Generator(options.Seed, stream: 0))).ToList();
        var initialization = PolicyInitialiser.Train(agent.Initialisation, patients, agent, options.Seed, progress);
        return new MetaPpoTransformer(options, initialization, Hash(rows));
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        foreach (var name in new[] { options.PatientIdColumn, options.ContextColumn, options.ClinicalColumn, options.MutationsColumn, options.OmicsScalarsColumn, options.LesionsColumn })
            if (!inputSchema.Any(c => c.Name == name))
                throw new ArgumentException($"Input column '{name}' is missing (MetaPpoEstimator).");
        // SchemaShape.Column has no public constructor: describe the added columns as a schema and convert it.
        var added = new DataViewSchema.Builder();
        foreach (var (name, type) in MetaPpoTransformer.OutputColumns(options)) added.AddColumn(name, type);
        var addedNames = MetaPpoColumns.All.ToHashSet();
        return new SchemaShape(inputSchema.Where(c => !addedNames.Contains(c.Name)).Concat(SchemaShapes.Of(added.ToSchema())));
    }

    private static string Hash(IEnumerable<PatientRow> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(r.Id));
            foreach (var v in r.Context) sha.AppendData(BitConverter.GetBytes(v));
            sha.AppendData(Encoding.UTF8.GetBytes($"{r.EgfrMutant}|{r.Pdl1Tps:R}|{r.Tmb:R}|{r.AgeYears:R}|{r.Ecog}|{string.Join(",", r.LesionsMm)}"));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
