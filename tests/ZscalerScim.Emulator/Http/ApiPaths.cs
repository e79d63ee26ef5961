namespace ZscalerScim.Emulator.Http;

/// <summary>The path prefixes of the one origin (README table).</summary>
public static class ApiPaths
{
    public const string LegacyApi = "/api/v1";
    public const string OneApi = "/zia/api/v1";
    public const string Portal = "/zsapi/v1";
    public const string Token = "/oauth2/v1/token";
    public const string Control = "/_emulator";

    public static bool IsControl(string path) => HasPrefix(path, Control);

    /// <summary>The ZIA APIs that share the per-organization rate limits.</summary>
    public static bool IsRateLimited(string path) =>
        HasPrefix(path, LegacyApi) || HasPrefix(path, OneApi) || HasPrefix(path, Portal);

    public static bool IsOneApi(string path) => HasPrefix(path, OneApi);

    /// <summary>Segment-wise prefix test: <c>/api/v1</c> matches <c>/api/v1/status</c>, not <c>/api/v10</c>.</summary>
    public static bool HasPrefix(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
