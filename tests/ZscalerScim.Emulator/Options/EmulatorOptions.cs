using System.Globalization;

namespace ZscalerScim.Emulator.Options;

/// <summary>Command-line options (see README, "Starting it").</summary>
public sealed record EmulatorOptions
{
    public int Port { get; init; }
    public int SessionIdleSeconds { get; init; } = 300;
    public int TokenLifetimeSeconds { get; init; } = 3600;
    public bool ExitOnStdinClose { get; init; }
    public string? ProxyPassword { get; init; }

    public const string Usage =
        "usage: ZscalerScim.Emulator [--port 0] [--session-idle-seconds 300] " +
        "[--token-lifetime-seconds 3600] [--exit-on-stdin-close] [--proxy-password <password>]";

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--port" => options with { Port = Number(args, ++i, name, 0, 65535) },
                "--session-idle-seconds" => options with { SessionIdleSeconds = Number(args, ++i, name, 1, int.MaxValue) },
                "--token-lifetime-seconds" => options with { TokenLifetimeSeconds = Number(args, ++i, name, 1, int.MaxValue) },
                "--exit-on-stdin-close" => options with { ExitOnStdinClose = true },
                "--proxy-password" when i + 1 < args.Count => options with { ProxyPassword = args[++i] },
                _ => throw new ArgumentException($"unknown option '{name}'\n{Usage}"),
            };
        }
        return options;
    }

    private static int Number(IReadOnlyList<string> args, int index, string name, int min, int max)
    {
        if (index >= args.Count
            || !int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new ArgumentException($"{name} needs a whole number from {min} to {max}\n{Usage}");
        }
        return value;
    }
}
