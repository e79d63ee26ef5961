using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Options;

namespace ZscalerScim.Emulator.State;

/// <summary>Settings tests may change at run time through <c>PUT /_emulator/config</c>.</summary>
public sealed record RuntimeConfig(
    int SessionIdleSeconds, int TokenLifetimeSeconds, int ActivationDelayMs, bool RateLimits)
{
    public static RuntimeConfig From(EmulatorOptions options) =>
        new(options.SessionIdleSeconds, options.TokenLifetimeSeconds, ActivationDelayMs: 0, RateLimits: true);

    public JsonObject ToJson() => new()
    {
        ["sessionIdleSeconds"] = SessionIdleSeconds,
        ["tokenLifetimeSeconds"] = TokenLifetimeSeconds,
        ["activationDelayMs"] = ActivationDelayMs,
        ["rateLimits"] = RateLimits,
    };
}
