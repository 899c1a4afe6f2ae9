namespace DecoderHw.Fidelity;

/// <summary>Progress of a long stage on standard error: one updating line on a terminal, a line at every
/// quarter otherwise (logs stay short, and a run that stalls still shows where).</summary>
public sealed class StageProgress(TextWriter error)
{
    private readonly bool terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private string stage = "";
    private int lastQuarter = -1;

    public void Report(string what, int done, int total)
    {
        if (what != stage) (stage, lastQuarter) = (what, -1);
        if (terminal)
        {
            error.Write($"\r{what}: {done}/{total}   ");
            if (done == total) error.WriteLine();
            return;
        }
        int quarter = total == 0 ? 4 : 4 * done / total;
        if (quarter == lastQuarter) return;
        lastQuarter = quarter;
        error.WriteLine($"{what}: {done}/{total}");
    }

    public Action<int> For(string what, int total) => done => Report(what, done, total);
}
