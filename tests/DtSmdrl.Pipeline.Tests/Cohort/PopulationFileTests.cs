using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Tests.Data;

namespace DtSmdrl.Pipeline.Tests.Cohort;

[TestClass]
public sealed class PopulationFileTests
{
    private static readonly string[] DataFiles = [CohortFolder.Patients, CohortFolder.Outcomes, CohortFolder.Splits, CohortFolder.Truth];

    private static string Temp() => Path.Combine(Path.GetTempPath(), "dtsmdrl-population-" + Guid.NewGuid().ToString("N"));

    [TestMethod]
    public void TheDefaultsFileRoundTripsToAByteIdenticalCohort()
    {
        var folder = Temp();
        try
        {
            var file = Path.Combine(folder, "defaults.json");
            PopulationFile.Write(file, CohortPopulation.Default);
            var read = PopulationFile.Read(file);
            Assert.AreEqual(ContentHash.OfFile(file), read.Sha256);

            var builtIn = CohortFolder.Write(Path.Combine(folder, "built-in"), new SyntheticCohortGenerator(new CohortOptions { Size = 150, Seed = 9, ChunkSize = 64 }));
            var fromFile = CohortFolder.Write(Path.Combine(folder, "from-file"),
                new SyntheticCohortGenerator(new CohortOptions { Size = 150, Seed = 9, ChunkSize = 64, Population = read.Population, PopulationSha256 = read.Sha256 }));
            foreach (var data in DataFiles)
                Assert.AreEqual(builtIn.Files[data], fromFile.Files[data], data);
            Assert.AreEqual(CohortOptions.BuiltInPopulation, builtIn.Population);
            Assert.AreEqual(read.Sha256, fromFile.Population);

            // Written again from what was read: the same bytes.
            var again = Path.Combine(folder, "again.json");
            PopulationFile.Write(again, read.Population);
            CollectionAssert.AreEqual(File.ReadAllBytes(file), File.ReadAllBytes(again));

            // The cohort folder carries its population: loading it back gives the same options (robustness regenerates from them).
            var loaded = CohortFolder.ReadManifest(Path.Combine(folder, "from-file"));
            Assert.AreEqual(read.Sha256, loaded.Options.PopulationSha256);
            PopulationFile.Write(Path.Combine(folder, "loaded.json"), loaded.Options.Population!);
            CollectionAssert.AreEqual(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(folder, "loaded.json")));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void TheDefaultsFileValidatesAgainstTheSchemaAndTheSchemaKnowsEveryField()
    {
        var folder = Temp();
        try
        {
            var file = Path.Combine(folder, "defaults.json");
            PopulationFile.Write(file, CohortPopulation.Default);
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.AreEqual(0, SchemaValidator.Load(PopulationFile.Schema).Validate(System.Text.Json.JsonSerializer.SerializeToElement(node)).Count);
            // The readouts' optional fields (factor_female, min, max) are omitted when null; give one of each to check the schema has them.
            var schema = JsonNode.Parse(SchemaValidator.ReadEmbedded(PopulationFile.Schema))!;
            var readout = schema["$defs"]!["readout"]!["properties"]!.AsObject();
            foreach (var name in new[] { "factor_female", "min", "max", "log_scale", "per_pdl1_tps" })
                Assert.IsTrue(readout.ContainsKey(name), name);
            // The schema's regimens are the action set's, hold excepted (the clinician always treats first line).
            var regimens = schema["$defs"]!["regimen_share"]!["properties"]!["regimen"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            CollectionAssert.AreEquivalent(DtSmdrl.Pipeline.Twin.ActionSet.NsclcDefault.Names.Where(n => n != "hold").ToArray(), regimens);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    [DataRow("latent.egfr_prevalence", "1.4", "latent.egfr_prevalence", "maximum")]
    [DataRow("latent.age_sd", "-1", "latent.age_sd", "minimum")]
    [DataRow("observation.mutations.tp53", "\"half\"", "observation.mutations.tp53", "number")]
    [DataRow("clinician.pdl1_high[1].probability", "0.4", "clinician.pdl1_high", "sum to 1")]
    [DataRow("clinician.other[0].regimen", "\"chemo_plus\"", "clinician.other[0].regimen", "enum")]
    [DataRow("observation.labs.ldh_u_per_l.min", "5000", "observation.labs.ldh_u_per_l.min", "above max")]
    [DataRow("latent.sld_min", "300", "latent.sld_min", "above sld_max")]
    [DataRow("latent.tps_high_share", "0.7", "latent.tps_low_share", "exceed 1")]
    [DataRow("observation.expression.cd8a.noise_sd", "-0.1", "observation.expression.cd8a.noise_sd", "minimum")]
    [DataRow("format_version", "2", "format_version", "const")]
    public void ABadValueIsOneErrorNamingFileLineAndField(string path, string json, string field, string reason)
    {
        using var files = new TestFiles();
        var text = Edit(path, json);
        var file = files.Write("population.json", text);
        var error = Assert.ThrowsExactly<DataValidationException>(() => PopulationFile.Read(file)).Error;
        Assert.AreEqual(file, error.File);
        Assert.AreEqual(field, error.Field);
        StringAssert.Contains(error.Reason, reason);
        Assert.IsTrue(error.Line > 1, $"line {error.Line}");
        StringAssert.Contains(text.Split('\n')[error.Line - 1], Leaf(field), $"line {error.Line} does not hold {field}");
    }

    [TestMethod]
    public void UnknownFieldsAndDuplicateKeysAreRefused()
    {
        using var files = new TestFiles();
        var unknown = JsonNode.Parse(Defaults())!;
        unknown["latent"]!["egfr_prevalance"] = 0.3;
        var error = Assert.ThrowsExactly<DataValidationException>(() => PopulationFile.Read(files.Write("typo.json", unknown.ToJsonString()))).Error;
        Assert.AreEqual("latent.egfr_prevalance", error.Field);
        StringAssert.Contains(error.Reason, "unknown field");

        var duplicate = files.Write("duplicate.json", "{\"latent\": {\"egfr_prevalence\": 0.2,\n \"egfr_prevalence\": 0.3}}");
        error = Assert.ThrowsExactly<DataValidationException>(() => PopulationFile.Read(duplicate)).Error;
        Assert.AreEqual("latent.egfr_prevalence", error.Field);
        StringAssert.Contains(error.Reason, "duplicate key");

        error = Assert.ThrowsExactly<DataValidationException>(() => PopulationFile.Read(files.Write("broken.json", "{\"latent\": "))).Error;
        StringAssert.Contains(error.Reason, "not valid JSON");
    }

    [TestMethod]
    public void AnOmittedFieldKeepsItsDefault()
    {
        using var files = new TestFiles();
        var read = PopulationFile.Read(files.Write("partial.json", "{\"latent\": {\"egfr_prevalence\": 0.4}}"));
        Assert.AreEqual(0.4, read.Population.Latent.EgfrPrevalence);
        Assert.AreEqual(CohortPopulation.Default.Latent.AgeMean, read.Population.Latent.AgeMean);
        Assert.AreEqual(0.85, read.Population.Clinician.EgfrMutant[0].Probability);
    }

    [TestMethod]
    public void TheEgfrRichExampleGivesAnEgfrRichCohort()
    {
        var read = PopulationFile.Read(TestFiles.Example("population-egfr-rich-east-asian.json"));
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 400, Seed = 3, Population = read.Population }).Generate().ToList();
        var builtIn = new SyntheticCohortGenerator(new CohortOptions { Size = 400, Seed = 3 }).Generate().ToList();
        var mutant = patients.Count(p => p.Truth.Covariates.EgfrMutant) / 400.0;
        Assert.IsTrue(mutant is >= 0.38 and <= 0.52, $"true EGFR-mutant share {mutant}");
        Assert.IsTrue(builtIn.Count(p => p.Truth.Covariates.EgfrMutant) / 400.0 < 0.22);
        // Observed: the panel reports EGFR in tested patients at about prevalence x 97% sensitivity.
        var tested = patients.Where(p => p.Observed.Omics is not null).ToList();
        var reported = tested.Count(p => p.Observed.Omics!.SomaticMutations["EGFR"]) / (double)tested.Count;
        Assert.IsTrue(reported is >= 0.35 and <= 0.52, $"reported EGFR share {reported}");
        // The clinician gives most of them the kinase inhibitor first.
        var firstLineTargeted = patients.Count(p => p.Retrospective.First(o => o.Cycle == 1).TreatmentGiven == "targeted") / 400.0;
        Assert.IsTrue(firstLineTargeted > 0.3, $"targeted first line {firstLineTargeted}");
    }

    [TestMethod]
    public void TheElderlyFrailExampleGivesAnOlderFrailerCohort()
    {
        var read = PopulationFile.Read(TestFiles.Example("population-elderly-frail.json"));
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 400, Seed = 3, Population = read.Population }).Generate().ToList();
        var meanAge = patients.Average(p => p.Truth.Covariates.AgeYears);
        var ecog2 = patients.Count(p => p.Truth.Covariates.Ecog >= 2) / 400.0;
        var ecog0 = patients.Count(p => p.Truth.Covariates.Ecog == 0) / 400.0;
        Assert.IsTrue(meanAge is >= 75 and <= 79, $"mean age {meanAge}");
        Assert.IsTrue(ecog2 is >= 0.28 and <= 0.42, $"ECOG >= 2 share {ecog2}");
        Assert.IsTrue(ecog0 is >= 0.05 and <= 0.15, $"ECOG 0 share {ecog0}");
        var egfr = patients.Count(p => p.Truth.Covariates.EgfrMutant) / 400.0;
        Assert.IsTrue(egfr is >= 0.10 and <= 0.20, $"EGFR-mutant share {egfr} (built-in prevalence 15%)");
    }

    [TestMethod]
    public void BothExamplesAreValidCompleteFiles()
    {
        foreach (var name in new[] { "population-egfr-rich-east-asian.json", "population-elderly-frail.json" })
        {
            var path = TestFiles.Example(name);
            var read = PopulationFile.Read(path);
            // Complete: written back, the file is unchanged (every field present, nothing the reader drops).
            var folder = Temp();
            try
            {
                var again = Path.Combine(folder, name);
                PopulationFile.Write(again, read.Population);
                Assert.AreEqual(File.ReadAllText(path), File.ReadAllText(again), name);
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }
    }

    private static string Defaults()
    {
        var folder = Temp();
        try
        {
            PopulationFile.Write(Path.Combine(folder, "d.json"), CohortPopulation.Default);
            return File.ReadAllText(Path.Combine(folder, "d.json"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    // The defaults file with the value at a dotted path (with [i] indices) replaced by raw JSON, indented as written.
    private static string Edit(string path, string json)
    {
        var root = JsonNode.Parse(Defaults())!;
        var parts = path.Replace("[", ".[").Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
            node = parts[i].StartsWith('[') ? node[int.Parse(parts[i].Trim('[', ']'))]! : node[parts[i]]!;
        var last = parts[^1];
        if (last.StartsWith('[')) node[int.Parse(last.Trim('[', ']'))] = JsonNode.Parse(json);
        else node[last] = JsonNode.Parse(json);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n");
    }

    private static string Leaf(string field)
    {
        var leaf = field.Split('.')[^1];
        var bracket = leaf.IndexOf('[');
        return bracket < 0 ? leaf : leaf[..bracket];
    }
}
