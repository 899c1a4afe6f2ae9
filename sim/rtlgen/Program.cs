// rtlgen SPEC OUTDIR: `decoderhw gen SPEC -o OUTDIR`, then the RTL (OUTDIR/rtl/) and the testbench
// parameters (OUTDIR/vectors/tb_params.vh) if gen did not write them. A bridge until
// Generation/GenPipeline calls RtlWriter and TestbenchParamsWriter itself; then the Makefile calls gen.
using DecoderHw.Cli;
using DecoderHw.Generation;
using DecoderHw.Rtl;
using DecoderHw.Spec;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: rtlgen SPEC OUTDIR");
    return 2;
}
var console = new CliConsole(Console.Out, Console.Error);
return CliApp.Guard(console, () =>
{
    string spec = args[0], output = args[1];
    GenPipeline.Run(spec, output, console);
    if (!File.Exists(Path.Combine(output, "vectors", TestbenchParamsWriter.FileName)))
    {
        var result = GenPipeline.Compute(SpecLoader.Load(spec), spec);
        RtlWriter.Write(result.Model, Path.Combine(output, "rtl"), spec);
        TestbenchParamsWriter.Write(result.Model, result.Stream, Path.Combine(output, "vectors"));
    }
    return CliApp.ExitOk;
});
