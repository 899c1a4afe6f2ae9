using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using DecoderHw.Cli;
using DecoderHw.Spec;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Spec;

/// <summary>Issue 4, "Bad input": mutated specs either load, or fail with located errors only.
/// CsCheck prints the seed of a failing case; pass it as <c>seed:</c> to replay it.</summary>
public sealed partial class SpecFuzzTests(ITestOutputHelper output)
{
    /// <summary>Specs using what the examples do not: ram tables, huffman, real weights, anchors,
    /// frequency mappings, flow style and comments.</summary>
    private static readonly string[] ExtraSpecs =
    [
        """
        name: ram_huffman   # comment
        coder: huffman
        huffman_max_length: 9
        tables: ram
        ram_limits: {max_table_log: 12, max_bits: 8, max_layers: 4}
        table_log: 10
        input_width: 64
        lanes: 3
        layers:
          - name: real
            bits: 6
            step: 0.0125
            dead_zone: 0.75
            source: {file: weights/model.safetensors, tensor: features.0.weight}
          - {name: flow, bits: 8, table_log: 12, distribution: {gaussian: 9.5}, count: 1000, seed: 0xBEEF}
        """,
        """
        name: anchors
        layers:
          - name: a
            bits: 3
            frequencies: &f {-3: 1, -1: 20, 0: 500, 1: 20, 3: 1}
            count: 1_000
          - name: b
            bits: 3
            frequencies: *f
            count: 7
            seed: 18446744073709551615
          - name: c
            bits: 2
            frequencies:
              - 1
              - 98
              - 1
            count: 64
        """,
    ];

    private static readonly (string Name, byte[] Bytes)[] Bases =
    [
        .. SpecTestFiles.ExampleSpecs.Select(p => (Path.GetFileName(p), File.ReadAllBytes(p))),
        .. ExtraSpecs.Select((s, i) => ($"extra{i}", Encoding.UTF8.GetBytes(s))),
    ];

    private static readonly Gen<Mutation> MutationGen =
        CsCheck.Gen.Select(CsCheck.Gen.Enum<MutationKind>(), CsCheck.Gen.Int[0, 1 << 20], CsCheck.Gen.Int[0, 1 << 20], (k, a, b) => new Mutation(k, a, b));

    private static readonly Gen<(int Base, Mutation[] Mutations)> CaseGen =
        CsCheck.Gen.Select(CsCheck.Gen.Int[0, Bases.Length - 1], MutationGen.Array[1, 4]);

    [Fact]
    public void BaseSpecs_Load_BeforeMutation()
    {
        Assert.True(Bases.Length >= 8);
        foreach (var (name, bytes) in Bases) SpecInvariants.Check(SpecLoader.Parse(bytes, name));
    }

    [Fact]
    public void Parse_LoadsOrReportsOnlyLocatedErrors_WhenSpecsAreMutated()
    {
        var outcomes = new int[2];
        var clock = Stopwatch.StartNew();

        CaseGen.Sample(c =>
        {
            var bytes = SpecMutator.Apply(Bases[c.Base].Bytes, c.Mutations);
            var loaded = LoadsOrFailsLocated(bytes);
            Interlocked.Increment(ref outcomes[loaded ? 0 : 1]);
        }, iter: 4000, print: c => $"{Bases[c.Base].Name} {string.Join(" ", c.Mutations)}:\n"
            + Encoding.UTF8.GetString(SpecMutator.Apply(Bases[c.Base].Bytes, c.Mutations)));

        output.WriteLine($"{outcomes[0]} mutated specs loaded, {outcomes[1]} were rejected with located errors, in {clock.Elapsed}");
        // Both outcomes must be common, or the mutations are too weak (or too destructive) to test much.
        Assert.InRange(outcomes[0], 100, 3900);
    }

    /// <summary>The issue's wording, end to end: <c>gen</c> on a rejected spec exits 2 and prints only
    /// FILE:LINE:COL lines, no stack trace. Specs that load are skipped (gen would run on them).</summary>
    [Fact]
    public void Gen_ExitsWithUserErrorAndOnlyLocatedLines_WhenAMutatedSpecIsRejected()
    {
        var dir = Directory.CreateTempSubdirectory("decoderhw-fuzz-");
        var rejected = 0;
        try
        {
            CaseGen.Sample(c =>
            {
                var bytes = SpecMutator.Apply(Bases[c.Base].Bytes, c.Mutations);
                if (LoadsOrFailsLocated(bytes)) return;
                var path = Path.Combine(dir.FullName, $"{Guid.NewGuid():N}.yaml");
                File.WriteAllBytes(path, bytes);
                var (stdout, stderr) = (new StringWriter(), new StringWriter());

                var exit = CliApp.Run(["gen", path, "-o", Path.Combine(dir.FullName, "out")], new CliConsole(stdout, stderr));

                Assert.Equal(CliApp.ExitUserError, exit);
                var lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
                Assert.NotEmpty(lines);
                Assert.All(lines, line => Assert.Matches($"^{Regex.Escape(path)}:[1-9][0-9]*:[1-9][0-9]*: .+", line));
                Interlocked.Increment(ref rejected);
            }, iter: 300, threads: 1);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        Assert.True(rejected > 100, $"only {rejected} of 300 mutated specs were rejected");
    }

    /// <summary>Systematic rather than random: every line removed, and retyped with ten of the wrong
    /// values (a different ten per line, so the pool is covered across lines).</summary>
    [Fact]
    public void Parse_ReportsOnlyLocatedErrors_WhenEveryLineOfEveryBaseIsRemovedOrRetyped()
    {
        var cases =
            from b in Bases
            from line in Enumerable.Range(0, b.Bytes.Count(x => x == (byte)'\n') + 1)
            from mutation in new[] { new Mutation(MutationKind.RemoveLine, line, 0) }
                .Concat(Enumerable.Range(0, 10).Select(k => new Mutation(MutationKind.ReplaceValue, line, 7 * line + k)))
            select (b.Name, b.Bytes, mutation);

        Parallel.ForEach(cases, c =>
        {
            try
            {
                LoadsOrFailsLocated(SpecMutator.Apply(c.Bytes, c.mutation));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{c.Name} {c.mutation}: {e.Message}", e);
            }
        });
    }

    /// <summary>The property: a valid spec, or a SpecException whose every error sits inside the file
    /// and says something. An "internal error" means our guard caught a bug, so it fails too.</summary>
    private static bool LoadsOrFailsLocated(byte[] bytes)
    {
        DecoderSpec spec;
        try
        {
            spec = SpecLoader.Parse(bytes, "fuzz.yaml");
        }
        catch (SpecException e)
        {
            Assert.NotEmpty(e.Errors);
            var (lines, columns) = Extent(bytes);
            foreach (var error in e.Errors)
            {
                Assert.Equal("fuzz.yaml", error.File);
                Assert.InRange(error.Line, 1, lines);
                Assert.InRange(error.Column, 1, columns);
                Assert.False(string.IsNullOrWhiteSpace(error.Message), error.ToString());
                Assert.DoesNotContain("internal error", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', error.ToString());
            }
            return false;
        }
        SpecInvariants.Check(spec);
        return true;
    }

    /// <summary>Lines and widest column a position may have, counting every YAML line break and one
    /// position past the end (where "unexpected end of file" points).</summary>
    private static (int Lines, int Columns) Extent(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = LineBreak().Split(text);
        return (lines.Length + 1, lines.Max(l => l.Length) + 2);
    }

    [GeneratedRegex("\r\n|\r|\n|\u0085|\u2028|\u2029")]
    private static partial Regex LineBreak();
}
