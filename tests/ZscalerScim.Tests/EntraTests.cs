using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using ZscalerScim.Auth;
using ZscalerScim.Entra;
using ZscalerScim.Http;
using Xunit;

namespace ZscalerScim.Tests;

public class EntraTests
{
    [Fact]
    public void HidesTheSecretTokenOfGraphsKeyValueSecretsButKeepsTheBaseAddress()
    {
        JObject body = JObject.Parse("""{"value":[{"key":"BaseAddress","value":"https://scim.zscalertwo.net/1/2/scim"},{"key":"SecretToken","value":"tok-123"}]}""");
        string text = SecretRedactor.Json(body);
        Assert.DoesNotContain("tok-123", text);
        Assert.Contains("""{"key":"SecretToken","value":"(hidden)"}""", text);
        Assert.Contains("https://scim.zscalertwo.net/1/2/scim", text);
        Assert.Equal("tok-123", (string?)body["value"]![1]!["value"]);
    }

    [Fact]
    public void SignsTheAssertionTheIdentityPlatformWants()
    {
        using RSA key = RSA.Create(2048);
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        byte[] thumbprint = Enumerable.Range(1, 20).Select(i => (byte)(i * 11)).ToArray();
        string jwt = ClientAssertion.Create("client-1", key, now, "https://login.microsoftonline.com/tenant/oauth2/v2.0/token", thumbprint);

        string[] parts = jwt.Split('.');
        JObject header = JObject.Parse(Decode(parts[0]));
        JObject payload = JObject.Parse(Decode(parts[1]));
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal(Convert.ToBase64String(thumbprint).TrimEnd('=').Replace('+', '-').Replace('/', '_'), (string?)header["x5t"]);
        Assert.Equal("https://login.microsoftonline.com/tenant/oauth2/v2.0/token", (string?)payload["aud"]);
        Assert.Equal("client-1", (string?)payload["iss"]);
        Assert.Equal("client-1", (string?)payload["sub"]);
        Assert.Equal(now.ToUnixTimeSeconds(), (long)payload["nbf"]!);
        Assert.True((long)payload["exp"]! > now.ToUnixTimeSeconds());
        Assert.False(string.IsNullOrEmpty((string?)payload["jti"]));
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void TheZscalerAssertionKeepsItsAudienceAndHasNoThumbprint()
    {
        using RSA key = RSA.Create(2048);
        string[] parts = ClientAssertion.Create("c", key, DateTimeOffset.UtcNow).Split('.');
        Assert.Null(JObject.Parse(Decode(parts[0]))["x5t"]);
        Assert.Null(JObject.Parse(Decode(parts[1]))["nbf"]);
        Assert.Equal(ClientAssertion.Audience, (string?)JObject.Parse(Decode(parts[1]))["aud"]);
    }

    [Theory]
    [InlineData(401, "invalid_client", "EntraSignInFailed")]
    [InlineData(400, "unauthorized_client", "EntraSignInFailed")]
    [InlineData(401, "InvalidAuthenticationToken", "EntraUnauthorized")]
    [InlineData(403, "Authorization_RequestDenied", "EntraAccessDenied")]
    [InlineData(404, "Request_ResourceNotFound", "EntraNotFound")]
    [InlineData(429, "TooManyRequests", "EntraThrottled")]
    [InlineData(503, null, "EntraServiceUnavailable")]
    public void MapsGraphAndSignInErrorsToStableIds(int status, string? code, string errorId)
    {
        var ex = GraphErrors.From("GET /v1.0/servicePrincipals", status, code, "detail", new Uri("https://graph.microsoft.com/v1.0/servicePrincipals"));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("detail", ex.Message);
    }

    [Fact]
    public void QuotesADisplayNameAsAnODataLiteral()
    {
        string path = Uri.UnescapeDataString(GraphWire.ByDisplayName("O'Brien's Zscaler"));
        Assert.Contains("displayName eq 'O''Brien''s Zscaler'", path);
    }

    [Fact]
    public void BuildsTheTokenEndpointOfANationalCloud()
    {
        GraphSignIn signIn = new(GraphSignInMethod.ClientSecret) { TenantId = "contoso.onmicrosoft.us", LoginEndpoint = new Uri("https://login.microsoftonline.us") };
        Assert.Equal("https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token", signIn.TokenUri.ToString());
    }

    private static string Decode(string part) => Encoding.UTF8.GetString(FromBase64Url(part));

    private static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
