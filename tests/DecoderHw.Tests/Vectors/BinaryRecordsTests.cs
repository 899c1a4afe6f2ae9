using System.Globalization;
using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Vectors;

namespace DecoderHw.Tests.Vectors;

/// <summary>The testbench's $fread records: big-endian, the element width rounded up to bytes, and a
/// stream word as a record holds the same value as its $readmemh hex line.</summary>
public class BinaryRecordsTests
{
    [Fact]
    public void Write_IsBigEndianInWholeBytes_WhenWidthIsNotAByteMultiple()
    {
        string path = Path.GetTempFileName();
        try
        {
            BinaryRecords.Write(path, [0x5UL, 0xfUL], 4);
            Assert.Equal(new byte[] { 0x05, 0x0f }, File.ReadAllBytes(path));
            BinaryRecords.Write(path, [0x0123_4567_89ab_cdefUL], 64);
            Assert.Equal(new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef }, File.ReadAllBytes(path));
            BinaryRecords.Write(path, [0xabcUL], 12);
            Assert.Equal(new byte[] { 0x0a, 0xbc }, File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WriteStream_HoldsEveryWordsHexValue_ForAnyInputWidth()
    {
        Gen.Select(Gen.Int[8, 256], Gen.Byte.Array[0, 80]).Sample((width, payload) =>
        {
            long bits = (long)payload.Length * 8;
            int words = (int)Math.Max(1, (bits + width - 1) / width);
            var bytes = new byte[(words * (long)width + 7) / 8];
            payload.CopyTo(bytes, 0);
            var stream = new EncodedStream(bytes, bits, width, [], []);
            string path = Path.GetTempFileName();
            try
            {
                BinaryRecords.WriteStream(path, stream);
                byte[] file = File.ReadAllBytes(path);
                int per = BinaryRecords.BytesFor(width);
                Assert.Equal((long)stream.WordCount * per, file.Length);
                for (int w = 0; w < stream.WordCount; w++)
                {
                    string hex = Convert.ToHexString(file, w * per, per).ToLowerInvariant();
                    var want = System.Numerics.BigInteger.Parse("0" + stream.WordHex(w), NumberStyles.HexNumber);
                    var got = System.Numerics.BigInteger.Parse("0" + hex, NumberStyles.HexNumber);
                    Assert.Equal(want, got);
                }
            }
            finally { File.Delete(path); }
        }, iter: 200);
    }
}
