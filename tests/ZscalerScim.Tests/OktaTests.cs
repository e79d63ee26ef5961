using System.Net;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Okta;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>The Okta pieces without a network: origins, sign-in checks, base URL forms, Okta's errors and rate-limit header.</summary>
public class OktaTests
{
    private static SecureString Secure(string text) => SecretText.Protect(text);

    [Theory]
    [InlineData("acme.okta.com", "https://acme.okta.com/")]
    [InlineData("https://acme.okta.com/", "https://acme.okta.com/")]
    [InlineData("https://acme.okta.com/app/anything?x=1", "https://acme.okta.com/")]
    [InlineData(" login.acme.example ", "https://login.acme.example/")]
    [InlineData("http://127.0.0.1:8443", "http://127.0.0.1:8443/")]
    public void TakesAnOktaDomainAsAnOrigin(string given, string origin)
    {
        Assert.Equal(origin, OktaConnector.Origin(given).ToString());
    }

    [Theory]
    [InlineData("http://acme.okta.com", "OktaInsecureDomain")]
    [InlineData("acme-admin.okta.com", "OktaInvalidDomain")]
    [InlineData("ftp://acme.okta.com", "OktaInvalidDomain")]
    [InlineData("https://user:pw@acme.okta.com", "OktaInvalidDomain")]
    [InlineData("", "OktaInvalidDomain")]
    public void RefusesWhatIsNotASafeOktaOrigin(string given, string errorId)
    {
        ZiaException ex = Assert.Throws<ZiaException>(() => OktaConnector.Origin(given));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.DoesNotContain("pw", ex.Message);
    }

    [Fact]
    public void SignInNeedsExactlyOneWay()
    {
        OktaSignInBuilder builder = new(p => p);
        Assert.Equal("OktaSignInIncomplete", Assert.Throws<ZiaException>(() => builder.Build(new OktaSignInParameters { Domain = "acme.okta.com" })).ErrorId);
        Assert.Equal("OktaSignInIncomplete", Assert.Throws<ZiaException>(() => builder.Build(new OktaSignInParameters
        {
            Domain = "acme.okta.com", ApiToken = Secure("00abc"), ClientId = "0oa1",
        })).ErrorId);
        Assert.Equal("OktaSignInIncomplete", Assert.Throws<ZiaException>(() => builder.Build(new OktaSignInParameters { Domain = "acme.okta.com", ClientId = "0oa1" })).ErrorId);
        OktaSignIn ssws = builder.Build(new OktaSignInParameters { Domain = "acme.okta.com", ApiToken = Secure("00abc") });
        Assert.NotNull(ssws.ApiToken);
        Assert.Equal("https://acme.okta.com/oauth2/v1/token", ssws.TokenUri.ToString());
    }

    [Fact]
    public void ReadsAServiceAppKeyAndNeverQuotesABadOne()
    {
        using RSA rsa = RSA.Create(2048);
        string pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Convert.ToBase64String(rsa.ExportRSAPrivateKey()) + "\n-----END RSA PRIVATE KEY-----";
        OktaSignInBuilder builder = new(p => p);
        OktaSignIn app = builder.Build(new OktaSignInParameters { Domain = "acme.okta.com", ClientId = "0oa1b2c3", PrivateKeyPath = pem });
        Assert.Equal("0oa1b2c3", app.ClientId);
        Assert.NotNull(app.PrivateKey);

        string broken = pem.Substring(0, 120) + "\n-----END RSA PRIVATE KEY-----";
        ZiaException ex = Assert.Throws<ZiaException>(() => builder.Build(new OktaSignInParameters { Domain = "acme.okta.com", ClientId = "0oa1b2c3", PrivateKeyPath = broken }));
        Assert.Equal("OktaInvalidPrivateKey", ex.ErrorId);
        Assert.DoesNotContain(broken.Substring(35, 40), ex.Message);
        Assert.Equal("OktaPrivateKeyNotFound", Assert.Throws<ZiaException>(() => builder.Build(new OktaSignInParameters
        {
            Domain = "acme.okta.com", ClientId = "0oa1b2c3", PrivateKeyPath = "/no/such/key.pem",
        })).ErrorId);
    }

    [Theory]
    [InlineData("https://scim.zscalertwo.net/24326813/71234/scim", "https://scim.zscalertwo.net/24326813/71234/scim")]
    [InlineData("/24326813/71234/", "/24326813/71234/")]
    [InlineData("/24326813/71234", "/24326813/71234/")]
    public void TakesBothBaseUrlForms(string given, string sent)
    {
        Assert.Equal(sent, OktaProvisioning.CheckBaseUrl(given));
    }

    [Theory]
    [InlineData("http://scim.zscalertwo.net/1/2/scim", "OktaInsecureBaseUrl")]
    [InlineData("scim.zscalertwo.net/1/2/scim", "OktaInvalidBaseUrl")]
    [InlineData("/acme/71234/", "OktaInvalidBaseUrl")]
    public void RefusesOtherBaseUrls(string given, string errorId)
    {
        Assert.Equal(errorId, Assert.Throws<ZiaException>(() => OktaProvisioning.CheckBaseUrl(given)).ErrorId);
    }

    [Fact]
    public void TheConnectionBodyShowsItsTokenAsHidden()
    {
        string shown = SecretRedactor.Json(OktaWire.ConnectionBody("https://scim.zscalertwo.net/1/2/scim", "s3cr3t-token"));
        Assert.DoesNotContain("s3cr3t-token", shown);
        Assert.Contains("\"token\":\"(hidden)\"", shown);
        Assert.Contains("\"authScheme\":\"TOKEN\"", shown);
    }

    [Theory]
    [InlineData(401, "E0000011", "OktaAuthenticationFailed")]
    [InlineData(403, "E0000006", "OktaAccessDenied")]
    [InlineData(404, "E0000007", "OktaNotFound")]
    [InlineData(429, "E0000047", "OktaRateLimited")]
    [InlineData(400, "E0000001", "OktaInvalidRequest")]
    [InlineData(400, "invalid_dpop_proof", "OktaDpopRequired")]
    [InlineData(400, "invalid_scope", "OktaScopeNotGranted")]
    [InlineData(401, "invalid_client", "OktaAuthenticationFailed")]
    [InlineData(500, null, "OktaServiceUnavailable")]
    public void MapsOktaErrorsToStableIds(int status, string? code, string errorId)
    {
        Assert.Equal(errorId, OktaErrors.From("GET /api/v1/apps", status, code, "summary", new Uri("https://acme.okta.com/api/v1/apps")).ErrorId);
    }

    [Fact]
    public void WaitsUntilXRateLimitResetMeasuredFromTheServicesDate()
    {
        using HttpResponseMessage response = new();
        DateTimeOffset date = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        response.Headers.Date = date;
        response.Headers.TryAddWithoutValidation("X-Rate-Limit-Reset", date.AddSeconds(7).ToUnixTimeSeconds().ToString());
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.Advertised(response.Headers, null, 429));
        // Okta sends the header on every answer: only a 429 waits for it.
        Assert.Null(RetryPolicy.Advertised(response.Headers, null, 503));
        // A full one-minute window, a second late by the Date header, is still waited out; longer is not.
        RetryPolicy policy = new(5);
        Assert.Equal(TimeSpan.FromSeconds(61), policy.Delay(FailureKind.RateLimited, 0, TimeSpan.FromSeconds(61)));
        Assert.Null(policy.Delay(FailureKind.RateLimited, 0, TimeSpan.FromMinutes(5)));
        // Retry-After, when given, still wins.
        response.Headers.TryAddWithoutValidation("Retry-After", "2");
        Assert.Equal(TimeSpan.FromSeconds(2), RetryPolicy.Advertised(response.Headers, null, 429));
    }

    [Fact]
    public async Task AnOktaErrorBodyReachesTheMessageWithItsCauses()
    {
        HttpPipeline pipeline = new(new HttpClient(new OneAnswer(HttpStatusCode.BadRequest,
                "{\"errorCode\":\"E0000001\",\"errorSummary\":\"Api validation failed: baseUrl\",\"errorCauses\":[{\"errorSummary\":\"baseUrl: The Zscaler base URL is required.\"}]}")),
            new RequestThrottle(new Dictionary<string, RateLimit[]>()), new RetryPolicy(0), TimeSpan.FromSeconds(10), OktaErrors.Read);
        using OperationLog log = new();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() =>
            pipeline.SendAsync(new ApiRequest(HttpMethod.Post, new Uri("https://acme.okta.com/api/v1/apps/0oa1/connections/default")) { Json = new JObject() }, log, CancellationToken.None));
        Assert.Equal("OktaInvalidRequest", ex.ErrorId);
        Assert.Equal("E0000001", ex.ServiceCode);
        Assert.Contains("The Zscaler base URL is required", ex.Message);
        Assert.Equal(SaveState.NotSaved, ex.SaveState);
    }

    private sealed class OneAnswer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}

/// <summary>OktaProvisioning against a scripted Okta: what it sends, and what its errors say Okta holds.</summary>
public class OktaProvisioningTests
{
    private static readonly Uri Origin = new("https://acme.okta.com/");
    private static readonly OktaApp Zscaler = new("0oaZ", "zscalerbyz", "Zscaler ZIA");

    private sealed class Script : HttpMessageHandler
    {
        private readonly Queue<(HttpStatusCode Status, string Body)> _answers = new();

        public List<string> Sent { get; } = new();

        public Script Then(HttpStatusCode status, string body = "") { _answers.Enqueue((status, body)); return this; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            (HttpStatusCode status, string body) = _answers.Dequeue();
            HttpResponseMessage response = new(status);
            if (body.Length > 0)
            {
                response.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            return Task.FromResult(response);
        }
    }

    private static OktaConnection Okta(Script script) => new(Origin, "test",
        new HttpPipeline(new HttpClient(script), new RequestThrottle(new Dictionary<string, RateLimit[]>()), new RetryPolicy(0), TimeSpan.FromSeconds(10), OktaErrors.Read));

    private static string Connection(string status) =>
        $"{{\"authScheme\":\"TOKEN\",\"baseUrl\":\"https://scim.zscalertwo.net/1/2/scim\",\"profile\":{{\"authScheme\":\"TOKEN\"}},\"status\":\"{status}\"}}";

    [Fact]
    public async Task ActivatesThroughTheLifecycleCall()
    {
        Script script = new Script().Then(HttpStatusCode.NoContent);
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        await OktaProvisioning.ActivateAsync(okta, Zscaler, log, CancellationToken.None);
        Assert.Equal(new[] { "POST /api/v1/apps/0oaZ/connections/default/lifecycle/activate" }, script.Sent);
    }

    [Fact]
    public async Task SendsNothingToAnAppThatIsNotZscaler()
    {
        Script script = new();
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        OktaApp other = new("0oaS", "salesforce", "Salesforce.com");
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() =>
            OktaProvisioning.SetConnectionAsync(okta, other, "https://scim.zscalertwo.net/1/2/scim", SecretText.Protect("t0ken"), true, log, CancellationToken.None));
        Assert.Equal("OktaAppNotZscaler", ex.ErrorId);
        await Assert.ThrowsAsync<ZiaException>(() => OktaProvisioning.ActivateAsync(okta, other, log, CancellationToken.None));
        Assert.Empty(script.Sent);
    }

    [Fact]
    public async Task SaysWhenTheConnectionWasSavedButIsNotActive()
    {
        Script script = new Script().Then(HttpStatusCode.Created, Connection("DISABLED")).Then(HttpStatusCode.OK, Connection("DISABLED"));
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() =>
            OktaProvisioning.SetConnectionAsync(okta, Zscaler, "https://scim.zscalertwo.net/1/2/scim", SecretText.Protect("t0ken"), true, log, CancellationToken.None));
        Assert.Equal("OktaConnectionUnverified", ex.ErrorId);
        Assert.Equal(SaveState.Unverified, ex.SaveState);
        Assert.Contains("saved the new base URL and token", ex.Message);
        Assert.Equal("POST /api/v1/apps/0oaZ/connections/default?activate=true", script.Sent[0]);
    }

    [Fact]
    public async Task SaysOktaMayHoldTheNewTokenAfterNoClearAnswer()
    {
        Script script = new Script().Then(HttpStatusCode.BadGateway);
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() =>
            OktaProvisioning.SetConnectionAsync(okta, Zscaler, "/1/2/", SecretText.Protect("t0ken"), false, log, CancellationToken.None));
        Assert.Equal(SaveState.Unknown, ex.SaveState);
        Assert.Contains("may hold the new base URL and token", ex.Message);
        Assert.DoesNotContain("t0ken", ex.Message);
    }

    [Fact]
    public async Task SaysTheOldConnectionStaysWhenOktaRefuses()
    {
        Script script = new Script().Then(HttpStatusCode.Forbidden, "{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have permission to perform the requested action\"}");
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() =>
            OktaProvisioning.SetConnectionAsync(okta, Zscaler, "https://scim.zscalertwo.net/1/2/scim", SecretText.Protect("t0ken"), false, log, CancellationToken.None));
        Assert.Equal("OktaAccessDenied", ex.ErrorId);
        Assert.Equal(SaveState.NotSaved, ex.SaveState);
        Assert.Contains("keeps its previous base URL, token and status", ex.Message);
        Assert.Equal("0oaZ", ex.Target);
    }

    [Fact]
    public async Task AnAppWithoutAConnectionReadsAsNotEnabled()
    {
        Script script = new Script().Then(HttpStatusCode.NotFound, "{\"errorCode\":\"E0000007\",\"errorSummary\":\"Not found\"}");
        using OktaConnection okta = Okta(script);
        using OperationLog log = new();
        ZiaScimOktaProvisioning state = await OktaProvisioning.GetConnectionAsync(okta, Zscaler, log, CancellationToken.None);
        Assert.False(state.Enabled);
        Assert.Null(state.AuthScheme);
        Assert.Equal("0oaZ", state.AppId);
    }
}
