using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

/// <summary>
/// The organization's authentication settings (<c>/authSettings</c>). Immutable, so pending and
/// active may share one instance. Property defaults are what a PUT that leaves a field out gets.
/// </summary>
public sealed record AuthSettings
{
    public string OrgAuthType { get; init; } = "ANY";
    public string OneTimeAuth { get; init; } = "OTP_DISABLED";
    public bool SamlEnabled { get; init; }
    public bool KerberosEnabled { get; init; }
    public string KerberosPwd { get; init; } = "";
    public string AuthFrequency { get; init; } = "DAILY_COOKIE";
    public int AuthCustomFrequency { get; init; } = 1;
    public string PasswordStrength { get; init; } = "NONE";
    public string PasswordExpiry { get; init; } = "NEVER";
    public long LastSyncStartTime { get; init; }
    public long LastSyncEndTime { get; init; }
    public bool MobileAdminSamlIdpEnabled { get; init; }
    public bool AutoProvision { get; init; }
    public bool DirectorySyncMigrateToScimEnabled { get; init; }

    /// <summary>The tenant as it starts: differs from the defaults, so a PUT that drops fields shows.</summary>
    public static AuthSettings Seed { get; } = new() { OrgAuthType = "SAFECHANNEL_DIR", SamlEnabled = true };

    private static readonly string[] OrgAuthTypes =
        ["ANY", "NONE", "SAFECHANNEL_DIR", "MICROSOFT_ONLINE", "GOOGLE_APPS_ONLINE"];
    private static readonly string[] OneTimeAuths =
        ["OTP_DISABLED", "TEMPORARY_PASSWORD", "ONE_TIME_TOKEN", "ONE_TIME_LINK"];
    private static readonly string[] AuthFrequencies =
        ["DAILY_COOKIE", "PERMANENT_COOKIE", "SESSION_COOKIE", "CUSTOM_COOKIE"];
    private static readonly string[] PasswordStrengths = ["NONE", "MEDIUM", "STRONG"];
    private static readonly string[] PasswordExpiries = ["NEVER", "ONE_MONTH", "THREE_MONTHS", "SIX_MONTHS"];

    public JsonObject ToJson() => new()
    {
        ["orgAuthType"] = OrgAuthType,
        ["oneTimeAuth"] = OneTimeAuth,
        ["samlEnabled"] = SamlEnabled,
        ["kerberosEnabled"] = KerberosEnabled,
        ["kerberosPwd"] = KerberosPwd,
        ["authFrequency"] = AuthFrequency,
        ["authCustomFrequency"] = AuthCustomFrequency,
        ["passwordStrength"] = PasswordStrength,
        ["passwordExpiry"] = PasswordExpiry,
        ["lastSyncStartTime"] = LastSyncStartTime,
        ["lastSyncEndTime"] = LastSyncEndTime,
        ["mobileAdminSamlIdpEnabled"] = MobileAdminSamlIdpEnabled,
        ["autoProvision"] = AutoProvision,
        ["directorySyncMigrateToScimEnabled"] = DirectorySyncMigrateToScimEnabled,
    };

    /// <summary>The lite view leaves out what the reference marks "not applicable to the Lite API".</summary>
    public JsonObject ToLiteJson() => new()
    {
        ["orgAuthType"] = OrgAuthType,
        ["oneTimeAuth"] = OneTimeAuth,
        ["samlEnabled"] = SamlEnabled,
        ["kerberosEnabled"] = KerberosEnabled,
        ["passwordStrength"] = PasswordStrength,
        ["passwordExpiry"] = PasswordExpiry,
        ["mobileAdminSamlIdpEnabled"] = MobileAdminSamlIdpEnabled,
        ["autoProvision"] = AutoProvision,
        ["directorySyncMigrateToScimEnabled"] = DirectorySyncMigrateToScimEnabled,
    };

    /// <summary>
    /// A PUT body: replaces the whole object, so a field left out takes its default; the read-only
    /// <c>kerberosPwd</c> keeps the stored value.
    /// </summary>
    public static AuthSettings FromPut(JsonObject body, AuthSettings stored) =>
        Read(body, new AuthSettings { KerberosPwd = stored.KerberosPwd }, kerberosPwdWritable: false);

    /// <summary>A control-API seed: merges over <paramref name="current"/> and may set <c>kerberosPwd</c>.</summary>
    public static AuthSettings Merge(JsonObject patch, AuthSettings current) =>
        Read(patch, current, kerberosPwdWritable: true);

    /// <exception cref="InvalidInputException">A value of the wrong type or outside its range.</exception>
    private static AuthSettings Read(JsonObject body, AuthSettings fallback, bool kerberosPwdWritable) =>
        new()
        {
            OrgAuthType = Enum(body, "orgAuthType", OrgAuthTypes, fallback.OrgAuthType),
            OneTimeAuth = Enum(body, "oneTimeAuth", OneTimeAuths, fallback.OneTimeAuth),
            SamlEnabled = Bool(body, "samlEnabled", fallback.SamlEnabled),
            KerberosEnabled = Bool(body, "kerberosEnabled", fallback.KerberosEnabled),
            KerberosPwd = kerberosPwdWritable ? Text(body, "kerberosPwd", fallback.KerberosPwd) : fallback.KerberosPwd,
            AuthFrequency = Enum(body, "authFrequency", AuthFrequencies, fallback.AuthFrequency),
            AuthCustomFrequency = (int)Number(body, "authCustomFrequency", fallback.AuthCustomFrequency, 1, 180),
            PasswordStrength = Enum(body, "passwordStrength", PasswordStrengths, fallback.PasswordStrength),
            PasswordExpiry = Enum(body, "passwordExpiry", PasswordExpiries, fallback.PasswordExpiry),
            LastSyncStartTime = Number(body, "lastSyncStartTime", fallback.LastSyncStartTime, 0, long.MaxValue),
            LastSyncEndTime = Number(body, "lastSyncEndTime", fallback.LastSyncEndTime, 0, long.MaxValue),
            MobileAdminSamlIdpEnabled = Bool(body, "mobileAdminSamlIdpEnabled", fallback.MobileAdminSamlIdpEnabled),
            AutoProvision = Bool(body, "autoProvision", fallback.AutoProvision),
            DirectorySyncMigrateToScimEnabled =
                Bool(body, "directorySyncMigrateToScimEnabled", fallback.DirectorySyncMigrateToScimEnabled),
        };

    private static JsonValue? Value(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value => value,
            _ => throw new InvalidInputException($"{name} must be a single value"),
        };

    private static string Text(JsonObject body, string name, string fallback) =>
        Value(body, name) is not { } value ? fallback
        : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
        : throw new InvalidInputException($"{name} must be a string");

    private static string Enum(JsonObject body, string name, string[] allowed, string fallback)
    {
        var text = Text(body, name, fallback);
        return allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new InvalidInputException($"{name} '{text}' is not one of {string.Join(", ", allowed)}");
    }

    private static bool Bool(JsonObject body, string name, bool fallback) =>
        Value(body, name) is not { } value ? fallback
        : value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>()
        : throw new InvalidInputException($"{name} must be true or false");

    private static long Number(JsonObject body, string name, long fallback, long min, long max)
    {
        if (Value(body, name) is not { } value)
        {
            return fallback;
        }
        if (value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out long number))
        {
            // TryGetValue<long> fails on 1.5 too: a fraction is no valid value here either.
            throw new InvalidInputException($"{name} must be a whole number");
        }
        return number >= min && number <= max
            ? number
            : throw new InvalidInputException($"{name} must be from {min} to {max}");
    }
}

/// <summary>A request value the service rejects with 400 INVALID_INPUT_ARGUMENT.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
