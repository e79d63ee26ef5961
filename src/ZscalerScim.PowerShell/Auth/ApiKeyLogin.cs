using System;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Auth;

/// <summary>
/// The legacy admin login (API key, user, password) behind a JSESSIONID cookie; the Admin Portal API logs
/// in the same way at its own root and adds a ZS_SESSION_CODE cookie echoed in the ZS_CUSTOM_CODE header.
/// </summary>
internal sealed class ApiKeyLogin : IRequestAuthorizer
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _sessionUri;
    private readonly PSCredential _credential;
    private readonly SecureString _apiKey;
    private readonly Func<string?>? _customCode;
    private bool _signedIn;

    public ApiKeyLogin(HttpPipeline pipeline, Uri apiRoot, PSCredential credential, SecureString apiKey, Func<string?>? customCode = null)
    {
        _pipeline = pipeline;
        _sessionUri = new Uri(apiRoot, "authenticatedSession");
        _credential = credential;
        _apiKey = apiKey;
        // Never sent as it is (only obfuscated), yet a secret the session holds: no message may show it.
        SecretValues.Remember(apiKey);
        _customCode = customCode;
    }

    public async Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
    {
        if (!_signedIn)
        {
            await LoginAsync(log, cancel).ConfigureAwait(false);
        }
        if (_customCode?.Invoke() is { } code)
        {
            request.Headers.TryAddWithoutValidation("ZS_CUSTOM_CODE", code);
        }
    }

    public async Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel)
    {
        await LoginAsync(log, cancel).ConfigureAwait(false);
        return true;
    }

    public async Task LoginAsync(OperationLog log, CancellationToken cancel)
    {
        string timestamp = ApiKeyObfuscator.Timestamp(DateTimeOffset.UtcNow);
        JObject body = new()
        {
            ["apiKey"] = ApiKeyObfuscator.Obfuscate(SecretText.Reveal(_apiKey), timestamp),
            ["username"] = _credential.UserName,
            ["password"] = SecretText.Reveal(_credential.Password),
            ["timestamp"] = timestamp,
        };
        log.Verbose($"Signing in to {_sessionUri.GetLeftPart(UriPartial.Authority)} as {_credential.UserName} with an API key.");
        await _pipeline.SendAsync(
            new ApiRequest(HttpMethod.Post, _sessionUri) { Json = body, Authorize = false, Buckets = ServiceLimits.ZiaBuckets(HttpMethod.Post, _sessionUri) },
            log, cancel).ConfigureAwait(false);
        _signedIn = true;
    }

    public async Task LogoutAsync(OperationLog log, CancellationToken cancel)
    {
        if (!_signedIn)
        {
            return;
        }
        // A 401 means the server already ended it: that is a logout too.
        await _pipeline.SendAsync(
            new ApiRequest(HttpMethod.Delete, _sessionUri) { Idempotent = true, Buckets = ServiceLimits.ZiaBuckets(HttpMethod.Delete, _sessionUri), Accept = new[] { 401 } },
            log, cancel).ConfigureAwait(false);
        _signedIn = false;
    }
}
