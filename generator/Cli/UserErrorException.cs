namespace DecoderHw.Cli;

/// <summary>A mistake of the user's (bad spec, missing file, bad option): exit code 2, message only, no stack trace.</summary>
public class UserErrorException(string message) : Exception(message);
