using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DecoderHw.Bench;

/// <summary>
/// Collet's FiniteStateEntropy, compiled from a checkout the user names into a shared library in a
/// temporary folder (never into the checkout, never into this repository) and called through its
/// public API: one table per layer, FSE_compress_usingCTable / FSE_decompress_usingDTable.
/// </summary>
internal sealed unsafe class FseLibrary : IDisposable
{
    private static readonly string[] Sources = ["fse_compress.c", "fse_decompress.c", "entropy_common.c", "hist.c"];

    private readonly IntPtr _handle;
    private readonly delegate* unmanaged<short*, uint, uint*, nuint, uint, nuint> _normalizeCount;
    private readonly delegate* unmanaged<uint, uint, void*> _createCTable;
    private readonly delegate* unmanaged<void*, short*, uint, uint, nuint> _buildCTable;
    private readonly delegate* unmanaged<void*, nuint, void*, nuint, void*, nuint> _compressUsingCTable;
    private readonly delegate* unmanaged<uint, void*> _createDTable;
    private readonly delegate* unmanaged<void*, short*, uint, uint, nuint> _buildDTable;
    private readonly delegate* unmanaged<void*, nuint, void*, nuint, void*, nuint> _decompressUsingDTable;
    private readonly delegate* unmanaged<nuint, uint> _isError;

    private FseLibrary(string path)
    {
        _handle = NativeLibrary.Load(path);
        _normalizeCount = (delegate* unmanaged<short*, uint, uint*, nuint, uint, nuint>)Export("FSE_normalizeCount");
        _createCTable = (delegate* unmanaged<uint, uint, void*>)Export("FSE_createCTable");
        _buildCTable = (delegate* unmanaged<void*, short*, uint, uint, nuint>)Export("FSE_buildCTable");
        _compressUsingCTable = (delegate* unmanaged<void*, nuint, void*, nuint, void*, nuint>)Export("FSE_compress_usingCTable");
        _createDTable = (delegate* unmanaged<uint, void*>)Export("FSE_createDTable");
        _buildDTable = (delegate* unmanaged<void*, short*, uint, uint, nuint>)Export("FSE_buildDTable");
        _decompressUsingDTable = (delegate* unmanaged<void*, nuint, void*, nuint, void*, nuint>)Export("FSE_decompress_usingDTable");
        _isError = (delegate* unmanaged<nuint, uint>)Export("FSE_isError");
    }

    private IntPtr Export(string name) => NativeLibrary.GetExport(_handle, name);

    /// <summary>Compiles <c>lib/</c> of the checkout with <paramref name="compiler"/> and <paramref name="flags"/>.</summary>
    public static FseLibrary Build(string checkout, string compiler, string flags, TextWriter log)
    {
        string lib = Path.Combine(checkout, "lib");
        foreach (string source in Sources)
            if (!File.Exists(Path.Combine(lib, source)))
                throw new FileNotFoundException($"{checkout} is not a FiniteStateEntropy checkout: lib/{source} is missing");
        string folder = Directory.CreateTempSubdirectory("decoderhw-fse-").FullName;
        string output = Path.Combine(folder, "libfse.so");
        var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, WorkingDirectory = lib };
        foreach (string flag in flags.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(flag);
        foreach (string arg in new[] { "-shared", "-fPIC", "-o", output }) start.ArgumentList.Add(arg);
        foreach (string source in Sources) start.ArgumentList.Add(source);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {compiler}");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{compiler} failed:\n{errors}");
        log.WriteLine($"FSE: {compiler} {flags} -shared -fPIC {string.Join(' ', Sources)} (in {lib}) -> {output}");
        return new FseLibrary(output);
    }

    private nuint Check(nuint code, string what) =>
        _isError(code) != 0 ? throw new InvalidOperationException($"{what} failed (FSE error {code})") : code;

    /// <summary>One layer's FSE tables at <paramref name="tableLog"/>, from the symbols' counts (FSE's own normalization).</summary>
    public FseLayer Prepare(ReadOnlySpan<byte> symbols, uint maxSymbol, int tableLog)
    {
        var counts = new uint[maxSymbol + 1];
        foreach (byte s in symbols) counts[s]++;
        var normalized = new short[maxSymbol + 1];
        fixed (short* norm = normalized)
        fixed (uint* count = counts)
        {
            Check(_normalizeCount(norm, (uint)tableLog, count, (nuint)symbols.Length, maxSymbol), "FSE_normalizeCount");
            void* ct = _createCTable(maxSymbol, (uint)tableLog);
            Check(_buildCTable(ct, norm, maxSymbol, (uint)tableLog), "FSE_buildCTable");
            void* dt = _createDTable((uint)tableLog);
            Check(_buildDTable(dt, norm, maxSymbol, (uint)tableLog), "FSE_buildDTable");
            return new FseLayer((IntPtr)ct, (IntPtr)dt);
        }
    }

    /// <summary>Compressed bytes written (FSE's fast mode: the destination holds FSE_BLOCKBOUND).</summary>
    public nuint Compress(Span<byte> destination, ReadOnlySpan<byte> symbols, FseLayer layer)
    {
        fixed (byte* dst = destination)
        fixed (byte* src = symbols)
            return Check(_compressUsingCTable(dst, (nuint)destination.Length, src, (nuint)symbols.Length, (void*)layer.CTable), "FSE_compress_usingCTable");
    }

    public nuint Decompress(Span<byte> destination, ReadOnlySpan<byte> compressed, FseLayer layer)
    {
        fixed (byte* dst = destination)
        fixed (byte* src = compressed)
            return Check(_decompressUsingDTable(dst, (nuint)destination.Length, src, (nuint)compressed.Length, (void*)layer.DTable), "FSE_decompress_usingDTable");
    }

    public static int BlockBound(int size) => size + (size >> 7) + 4 + 8;

    public void Dispose() => NativeLibrary.Free(_handle);
}

/// <summary>A layer's FSE compression and decompression tables (native memory, kept for the process's life).</summary>
internal readonly record struct FseLayer(IntPtr CTable, IntPtr DTable);
