namespace HelpBuilder;

// Errors and warnings go to stderr as "file:line: kind: message", so editors and CI logs can
// point at the spot; stdout stays reserved for the one summary line.
internal sealed class Diagnostics(TextWriter output)
{
    public int ErrorCount { get; private set; }

    public void Error(string file, int line, string message)
    {
        ErrorCount++;
        output.WriteLine(Format(file, line, "error", message));
    }

    public void Warning(string file, int line, string message) =>
        output.WriteLine(Format(file, line, "warning", message));

    // line is 1-based; 0 means "the file as a whole".
    private static string Format(string file, int line, string kind, string message) =>
        line > 0 ? $"{file}:{line}: {kind}: {message}" : $"{file}: {kind}: {message}";
}
