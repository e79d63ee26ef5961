using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;

namespace ZscalerScim.Conformance;

/// <summary>Microsoft's Graph SDK pointed at the emulator: its base URL, a token from the emulated identity platform.</summary>
public static class GraphSdk
{
    /// <summary>What the SDK maps every error status to (as its own request builders do).</summary>
    public static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    public static string BaseUrl(Emulator emulator) => emulator.Text("graphEndpoint").TrimEnd('/') + "/v1.0";

    /// <summary>A Graph token by the client credentials grant with the app registration's secret.</summary>
    public static async Task<string> TokenAsync(Emulator emulator)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = emulator.Text("entraClientId"),
            ["client_secret"] = emulator.Text("entraClientSecret"),
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        using var response = await emulator.Http.PostAsync($"{emulator.Text("loginEndpoint").TrimEnd('/')}/{emulator.Text("entraTenantId")}/oauth2/v2.0/token", form);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    public static GraphServiceClient Client(Emulator emulator, string token) =>
        new(GraphClientFactory.Create(proxy: null), new BaseBearerTokenAuthenticationProvider(new StaticToken(token)), BaseUrl(emulator));

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
