using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Conformance;

/// <summary>
/// The emulated Okta org against Okta's published management API description (OktaSchemas), for the Apps and Application
/// Connections calls the module makes (src/ZscalerScim.PowerShell/Okta/OktaWire.cs), and its DPoP checks against RFC 9449
/// and Okta's DPoP guide. No official Okta SDK for .NET is in the package registry, so the shapes are checked directly.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class OktaConformanceTests(Emulator emulator)
{
    private string Origin => emulator.Text("oktaOrigin").TrimEnd('/');

    [Fact]
    public async Task Apps_by_query_by_name_and_by_id_are_Applications()
    {
        var byQuery = (await SendAsync(HttpMethod.Get, "/api/v1/apps?q=Zscaler")).Json!.AsArray();
        var byName = (await SendAsync(HttpMethod.Get, "/api/v1/apps?filter=" + Uri.EscapeDataString("name eq \"zscalerbyz\""))).Json!.AsArray();
        var one = await SendAsync(HttpMethod.Get, $"/api/v1/apps/{emulator.Text("oktaAppId")}");

        Assert.NotEmpty(byQuery);
        Assert.NotEmpty(byName);
        Assert.All(byQuery.Concat(byName), app => Assert.Empty(OktaSchemas.Check(app, "Application")));
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Empty(OktaSchemas.Check(one.Json, "Application"));
        Assert.Equal(emulator.Text("oktaAppLabel"), one.Json!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_connection_is_read_written_with_200_and_deactivated_with_204_as_specified()
    {
        var appId = await NewZscalerAppAsync();
        var path = $"/api/v1/apps/{appId}/connections/default";

        var before = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Empty(OktaSchemas.Check(before.Json, "ProvisioningConnectionResponse"));
        Assert.Equal("DISABLED", before.Json!["status"]!.GetValue<string>());

        var written = await SendAsync(HttpMethod.Post, path + "?activate=true",
            new { baseUrl = "https://scim.zscalerbeta.net/1234567/890/scim", profile = new { authScheme = "TOKEN", token = "conformance-token" } });
        Assert.Equal(HttpStatusCode.OK, written.Status);
        Assert.Empty(OktaSchemas.Check(written.Json, "ProvisioningConnectionResponse"));
        Assert.Equal("ENABLED", written.Json!["status"]!.GetValue<string>());
        Assert.Equal("https://scim.zscalerbeta.net/1234567/890/scim", written.Json["baseUrl"]!.GetValue<string>());
        Assert.DoesNotContain("conformance-token", written.Text);

        var deactivated = await SendAsync(HttpMethod.Post, path + "/lifecycle/deactivate");
        Assert.Equal(HttpStatusCode.NoContent, deactivated.Status);
        Assert.Empty(deactivated.Text);

        var stored = (await emulator.ControlAsync(HttpMethod.Get, "okta/state"))!["apps"]!.AsArray().First(a => a!["id"]!.GetValue<string>() == appId)!;
        Assert.Equal("DISABLED", stored["connection"]!["status"]!.GetValue<string>());
        Assert.True(stored["connection"]!["hasToken"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Refusals_are_Okta_Error_bodies()
    {
        var missing = await SendAsync(HttpMethod.Get, "/api/v1/apps/0oaNoSuchApp0000000");
        var notTokenApp = await SendAsync(HttpMethod.Post, $"/api/v1/apps/{emulator.Text("oktaOtherAppId")}/connections/default",
            new { profile = new { authScheme = "TOKEN", token = "t" } });
        var badToken = await SendAsync(HttpMethod.Get, "/api/v1/apps", auth: new AuthenticationHeaderValue("SSWS", "00wrong"));

        Assert.Equal((HttpStatusCode.NotFound, "E0000007"), (missing.Status, Code(missing)));
        Assert.Equal((HttpStatusCode.BadRequest, "E0000001"), (notTokenApp.Status, Code(notTokenApp)));
        Assert.NotEmpty(notTokenApp.Json!["errorCauses"]!.AsArray());
        Assert.Equal((HttpStatusCode.Unauthorized, "E0000011"), (badToken.Status, Code(badToken)));
        Assert.All(new[] { missing, notTokenApp, badToken }, r => Assert.Empty(OktaSchemas.Check(r.Json, "Error")));
    }

    [Fact]
    public async Task The_token_endpoint_wants_a_proof_then_a_nonce_and_binds_the_token_to_the_proofs_key()
    {
        using var client = RSA.Create(2048);
        using var dpop = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterClientAsync(client);
        // Okta's SDK sends a proof always: a service app that does not require DPoP ignores it and issues a Bearer token.
        var unbound = await TokenAsync(client, clientId, Jws.Proof(dpop, "POST", TokenUrl));
        Assert.Equal((HttpStatusCode.OK, "Bearer"), (unbound.Status, unbound.Json!["token_type"]!.GetValue<string>()));
        await RequireDpopAsync(true);
        try
        {
            var noProof = await TokenAsync(client, clientId, proof: null);
            Assert.Equal((HttpStatusCode.BadRequest, "invalid_dpop_proof"), (noProof.Status, noProof.Json!["error"]!.GetValue<string>()));

            var noNonce = await TokenAsync(client, clientId, Jws.Proof(dpop, "POST", TokenUrl));
            Assert.Equal((HttpStatusCode.BadRequest, "use_dpop_nonce"), (noNonce.Status, noNonce.Json!["error"]!.GetValue<string>()));
            var nonce = Assert.Single(noNonce.Headers.GetValues("DPoP-Nonce"));

            var issued = await TokenAsync(client, clientId, Jws.Proof(dpop, "POST", TokenUrl, nonce: nonce));
            Assert.Equal(HttpStatusCode.OK, issued.Status);
            Assert.Equal("DPoP", issued.Json!["token_type"]!.GetValue<string>());

            // Each broken proof is refused as invalid_dpop_proof, even with the nonce.
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            string[] broken =
            [
                Jws.Proof(dpop, "GET", TokenUrl, nonce: nonce),
                Jws.Proof(dpop, "POST", Origin + "/oauth2/v1/other", nonce: nonce),
                Jws.Proof(dpop, "POST", TokenUrl, nonce: nonce, issued: DateTimeOffset.UtcNow.AddMinutes(-30)),
                Jws.Proof(other, "POST", TokenUrl, nonce: nonce, jwkOf: dpop),
            ];
            foreach (var proof in broken)
            {
                var refused = await TokenAsync(client, clientId, proof);
                Assert.Equal((HttpStatusCode.BadRequest, "invalid_dpop_proof"), (refused.Status, refused.Json!["error"]!.GetValue<string>()));
            }
        }
        finally
        {
            await RequireDpopAsync(false);
        }
    }

    [Fact]
    public async Task An_API_call_with_a_DPoP_bound_token_needs_a_fresh_proof_of_that_key_for_that_call()
    {
        using var client = RSA.Create(2048);
        using var dpop = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterClientAsync(client);
        await RequireDpopAsync(true);
        try
        {
            var nonce = (await TokenAsync(client, clientId, Jws.Proof(dpop, "POST", TokenUrl))).Headers.GetValues("DPoP-Nonce").Single();
            var token = (await TokenAsync(client, clientId, Jws.Proof(dpop, "POST", TokenUrl, nonce: nonce))).Json!["access_token"]!.GetValue<string>();
            var url = $"{Origin}/api/v1/apps/{emulator.Text("oktaAppId")}";
            var dpopAuth = new AuthenticationHeaderValue("DPoP", token);

            var good = Jws.Proof(dpop, "GET", url, accessToken: token);
            var ok = await SendAsync(HttpMethod.Get, url, auth: dpopAuth, proof: good);
            Assert.Equal(HttpStatusCode.OK, ok.Status);
            Assert.Empty(OktaSchemas.Check(ok.Json, "Application"));

            (string Why, string Proof)[] broken =
            [
                ("replayed", good),
                ("no ath", Jws.Proof(dpop, "GET", url)),
                ("ath of another token", Jws.Proof(dpop, "GET", url, accessToken: token + "x")),
                ("another method", Jws.Proof(dpop, "POST", url, accessToken: token)),
                ("another URL", Jws.Proof(dpop, "GET", url + "/connections/default", accessToken: token)),
                ("stale", Jws.Proof(dpop, "GET", url, accessToken: token, issued: DateTimeOffset.UtcNow.AddMinutes(-30))),
                ("signed by another key than its jwk", Jws.Proof(other, "GET", url, accessToken: token, jwkOf: dpop)),
                ("another key than the token's", Jws.Proof(other, "GET", url, accessToken: token)),
            ];
            foreach (var (why, proof) in broken)
            {
                var refused = await SendAsync(HttpMethod.Get, url, auth: dpopAuth, proof: proof);
                Assert.True(refused.Status == HttpStatusCode.Unauthorized, $"{why}: answered {refused.Status}");
                Assert.Contains("invalid_dpop_proof", refused.Headers.WwwAuthenticate.ToString());
                Assert.Equal("E0000011", Code(refused));
            }

            var asBearer = await SendAsync(HttpMethod.Get, url, auth: new AuthenticationHeaderValue("Bearer", token), proof: Jws.Proof(dpop, "GET", url, accessToken: token));
            Assert.Equal(HttpStatusCode.Unauthorized, asBearer.Status);
        }
        finally
        {
            await RequireDpopAsync(false);
        }
    }

    private string TokenUrl => Origin + "/oauth2/v1/token";

    private sealed record Answer(HttpStatusCode Status, string Text, JsonNode? Json, HttpResponseHeaders Headers);

    private static string? Code(Answer answer) => answer.Json?["errorCode"]?.GetValue<string>();

    /// <summary>An Okta call (SSWS with the org's API token unless <paramref name="auth"/> is given).</summary>
    private async Task<Answer> SendAsync(HttpMethod method, string pathOrUrl, object? body = null, AuthenticationHeaderValue? auth = null, string? proof = null)
    {
        using var request = new HttpRequestMessage(method, pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? pathOrUrl : Origin + pathOrUrl);
        request.Headers.Authorization = auth ?? new AuthenticationHeaderValue("SSWS", emulator.Text("oktaApiToken"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await ReadAsync(await emulator.Http.SendAsync(request));
    }

    private async Task<Answer> TokenAsync(RSA clientKey, string clientId, string? proof)
    {
        var assertion = Jws.Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" }, new JsonObject
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = TokenUrl,
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        }, clientKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "okta.apps.read okta.apps.manage",
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = assertion,
            }),
        };
        if (proof is not null)
        {
            request.Headers.Add("DPoP", proof);
        }
        return await ReadAsync(await emulator.Http.SendAsync(request));
    }

    private static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, text, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
        }
    }

    private async Task<string> RegisterClientAsync(RSA key)
    {
        var clientId = "0oa" + Guid.NewGuid().ToString("N")[..17];
        await emulator.ControlAsync(HttpMethod.Post, "okta/clients", new { clientId, publicKeyPem = key.ExportSubjectPublicKeyInfoPem() });
        return clientId;
    }

    private Task RequireDpopAsync(bool on) => emulator.ControlAsync(HttpMethod.Put, "okta/config", new { requireDpop = on });

    private async Task<string> NewZscalerAppAsync() =>
        (await emulator.ControlAsync(HttpMethod.Post, "okta/apps", new { name = "zscalerbyz", label = "Zscaler Conformance " + Guid.NewGuid().ToString("N")[..8] }))!["id"]!.GetValue<string>();
}
