using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

public sealed partial class EmulatorState
{
    // Every secret that crossed the wire since start, live or not: tests prove none of them is ever
    // written to a stream or transcript by the module.
    private readonly List<string> _issuedSessionIds = [];
    private readonly List<string> _issuedSessionCodes = [];
    private readonly List<string> _issuedAccessTokens = [];
    private readonly List<string> _receivedObfuscatedKeys = [];

    /// <summary>An obfuscated API key as a login sent it (valid or not).</summary>
    public void RecordObfuscatedKey(string obfuscatedKey)
    {
        lock (_gate)
        {
            _receivedObfuscatedKeys.Add(obfuscatedKey);
        }
    }

    /// <summary><c>GET /_emulator/secrets</c>.</summary>
    public JsonObject DescribeSecrets()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["sessionIds"] = ToArray(_issuedSessionIds),
                ["sessionCodes"] = ToArray(_issuedSessionCodes),
                ["accessTokens"] = ToArray(_issuedAccessTokens),
                ["obfuscatedKeys"] = ToArray(_receivedObfuscatedKeys),
            };
        }
    }

    private static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
