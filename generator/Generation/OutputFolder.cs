using DecoderHw.Cli;

namespace DecoderHw.Generation;

/// <summary>
/// The ownership rule for everything DecoderHw writes (README, "Your files are safe"). A folder carries
/// a marker file, <see cref="MarkerFile"/>, listing the entries (top-level files and folders) that a
/// DecoderHw command wrote into it. A command writes into a folder only if the folder is absent, empty
/// or carries the marker; it replaces only entries the marker lists (or that do not exist yet) and
/// never touches anything else, so a spec or report beside the outputs, a user's notes or a .git
/// survive. Anything else is refused with exit 2 before any work is done.
/// </summary>
public static class OutputFolder
{
    public const string MarkerFile = ".decoderhw";
    private const string TempPrefix = ".decoderhw-tmp-";

    /// <summary>Throws a <see cref="UserErrorException"/> naming the folder unless a command may write into it.</summary>
    public static void CheckWritable(string target, string option = "-o")
    {
        string full = Path.GetFullPath(target);
        if (Path.Exists(full) && !Directory.Exists(full))
            throw new UserErrorException($"{option} {target}: exists and is not a folder; give a new or empty folder (DecoderHw never overwrites a file it did not write)");
        if (!Directory.Exists(full)) return;
        if (File.Exists(Path.Combine(full, MarkerFile))) return;
        bool empty;
        try
        {
            empty = !Directory.EnumerateFileSystemEntries(full).Any();
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserErrorException($"{option} {target}: cannot read the folder (permission denied)");
        }
        if (!empty)
            throw new UserErrorException(
                $"{option} {target}: folder is not empty and was not written by DecoderHw (no {MarkerFile} marker in it); " +
                "give a new or empty folder, or move its contents away yourself");
    }

    /// <summary>Writes the entries of a command's output completely in a temp folder inside the target,
    /// then moves each into place, replacing only what the marker says DecoderHw wrote. Entries this
    /// <paramref name="owner"/> wrote last time and not this time are removed (they would be stale).</summary>
    public static void WriteAtomically(string target, string owner, Action<string> write, CancellationToken cancellation = default)
    {
        CheckWritable(target);
        string full = Path.GetFullPath(target);
        bool created = !Directory.Exists(full);
        Guarded(target, () => Directory.CreateDirectory(full));
        string token = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string staging = Path.Combine(full, TempPrefix + token);
        string retired = Path.Combine(full, TempPrefix + "old-" + token);
        bool complete = false;
        try
        {
            Guarded(target, () => Directory.CreateDirectory(staging));
            write(staging);
            HoldForInterruptTests(cancellation);
            cancellation.ThrowIfCancellationRequested();
            var marker = Marker.Read(full);
            var entries = Directory.EnumerateFileSystemEntries(staging).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            foreach (var name in entries)
                if (Path.Exists(Path.Combine(full, name)) && !marker.Owns(name))
                    throw new UserErrorException(
                        $"{Path.Combine(target, name)}: exists and was not written by DecoderHw (not in {Path.Combine(target, MarkerFile)}); move it away or choose another output folder");
            Guarded(target, () =>
            {
                Directory.CreateDirectory(retired);
                var stale = marker.EntriesOf(owner).Except(entries).Where(n => Path.Exists(Path.Combine(full, n)));
                foreach (var name in entries.Where(n => Path.Exists(Path.Combine(full, n))).Concat(stale))
                    Move(Path.Combine(full, name), Path.Combine(retired, name));
                foreach (var name in entries)
                    Move(Path.Combine(staging, name), Path.Combine(full, name));
                marker.With(owner, entries).Write(full);
            });
            complete = true;
        }
        finally
        {
            DeleteQuietly(staging);
            DeleteQuietly(retired);
            if (created && !complete) DeleteIfEmpty(full);
        }
    }

    /// <summary>Test seam for the interrupt tests: with DECODERHW_HOLD_BEFORE_COMMIT_MS set, waits (or
    /// until cancelled) between writing the staging folder and moving it into place, so a signal can be
    /// sent into exactly that window however fast the machine is. Unset in normal use: no wait.</summary>
    private static void HoldForInterruptTests(CancellationToken cancellation)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("DECODERHW_HOLD_BEFORE_COMMIT_MS"), out int ms) && ms > 0)
            cancellation.WaitHandle.WaitOne(ms);
    }

    /// <summary>Claims a whole folder for one command that writes into it piece by piece (sweep): after
    /// the check, the marker says the owner may write anything there.</summary>
    public static void Claim(string target, string owner)
    {
        CheckWritable(target);
        string full = Path.GetFullPath(target);
        Guarded(target, () =>
        {
            Directory.CreateDirectory(full);
            var marker = Marker.Read(full);
            if (!marker.EntriesOf(owner).Contains(Marker.Everything)) marker.With(owner, [Marker.Everything]).Write(full);
        });
    }

    /// <summary>Records a file a command wrote beside others (quantize's spec and report). Throws if the
    /// file exists and DecoderHw did not write it.</summary>
    public static void CheckFileWritable(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UserErrorException($"{option} {path}: is a folder, expected a file name");
        if (!Path.Exists(full)) return;
        string folder = Path.GetDirectoryName(full)!;
        if (!Marker.Read(folder).Owns(Path.GetFileName(full)))
            throw new UserErrorException($"{option} {path}: exists and was not written by DecoderHw (not in {Path.Combine(Path.GetDirectoryName(path) ?? ".", MarkerFile)}); move it away or choose another name");
    }

    public static void RecordFile(string path, string owner)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        Guarded(path, () =>
        {
            var marker = Marker.Read(folder);
            if (!marker.Owns(name)) marker.With(owner, marker.EntriesOf(owner).Append(name).ToList()).Write(folder);
        });
    }

    /// <summary>Runs a file-system step, turning the environment's refusals (permissions, a full disk,
    /// a path through a file) into a user error that names the path.</summary>
    public static void Guarded(string path, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{path}: cannot write ({e.Message})");
        }
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from)) Directory.Move(from, to);
        else File.Move(from, to);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder we cannot remove is left, named .decoderhw-tmp-*, rather than hiding the real error.
        }
    }

    private static void DeleteIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left empty: harmless.
        }
    }

    /// <summary>The marker's content: one line per entry, "OWNER NAME" (NAME "*": the owner's whole folder).</summary>
    private sealed record Marker(IReadOnlyList<(string Owner, string Name)> Lines)
    {
        public const string Everything = "*";

        public static Marker Read(string folder)
        {
            string path = Path.Combine(folder, MarkerFile);
            if (!File.Exists(path)) return new Marker([]);
            var lines = File.ReadAllLines(path)
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' ', 2))
                .Where(p => p.Length == 2)
                .Select(p => (p[0], p[1]))
                .ToList();
            return new Marker(lines);
        }

        public bool Owns(string name) => Lines.Any(l => l.Name == name || l.Name == Everything);

        public IReadOnlyList<string> EntriesOf(string owner) => Lines.Where(l => l.Owner == owner).Select(l => l.Name).ToList();

        public Marker With(string owner, IReadOnlyList<string> names) =>
            new(Lines.Where(l => l.Owner != owner && !names.Contains(l.Name)).Concat(names.Select(n => (owner, n))).ToList());

        public void Write(string folder)
        {
            string path = Path.Combine(folder, MarkerFile);
            string temp = path + $".tmp-{Environment.ProcessId}";
            File.WriteAllText(temp,
                "# DecoderHw wrote these entries of this folder and may replace them; it never touches anything else.\n" +
                string.Concat(Lines.Select(l => $"{l.Owner} {l.Name}\n")));
            File.Move(temp, path, overwrite: true);
        }
    }
}
