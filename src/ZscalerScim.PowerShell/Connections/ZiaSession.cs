using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim;

/// <summary>A signed-in connection to one ZIA tenant. Holds its own HttpClient, throttle and credentials.</summary>
public sealed class ZiaSession : IDisposable
{
    internal ZiaSession(ZiaEndpoints endpoints, ZiaAuthType authType, string? userName, string? clientId, HttpPipeline api)
    {
        Endpoints = endpoints;
        AuthType = authType;
        UserName = userName;
        ClientId = clientId;
        Api = api;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>The tenant's cloud, e.g. zscalertwo (from the organization's cloudName).</summary>
    public string? Cloud { get; internal set; }

    public ZiaEndpoints Endpoints { get; }

    public ZiaAuthType AuthType { get; }

    /// <summary>The admin login name (API-key sessions).</summary>
    public string? UserName { get; }

    /// <summary>The OneAPI client id (OneAPI sessions).</summary>
    public string? ClientId { get; }

    public long OrgId { get; internal set; }

    public string? OrganizationName { get; internal set; }

    public DateTime ConnectedAt { get; }

    /// <summary>Where the organization's identity providers are managed, as Connect-Zia -IdentityManagement named it.</summary>
    public ZiaIdentityManagement IdentityManagement { get; internal set; }

    /// <summary>False once Disconnect-Zia ran.</summary>
    public bool IsConnected { get; internal set; } = true;

    /// <summary>When the OneAPI token expires (it is renewed before then); null for an API key session, which ZIA ends after its idle timeout.</summary>
    public DateTime? TokenExpiresAt => Token?.ExpiresAt?.LocalDateTime;

    /// <summary>A command of this session saved changes that no command of it has activated since (changes of others are not known here).</summary>
    public bool HasUnpublishedChanges { get; internal set; }

    internal RenewingBearerToken? Token { get; set; }

    internal HttpPipeline Api { get; }

    /// <summary>The proxy Connect-Zia was given: the way out of the network, also for probes of the tenant's SCIM host.</summary>
    internal ProxyOptions Proxy { get; init; } = ProxyOptions.None;

    /// <summary>Set for API-key sessions: logout ends the server session.</summary>
    internal ApiKeyLogin? Login { get; set; }

    /// <summary>The Admin Portal API (identity providers); API-key sessions only.</summary>
    internal HttpPipeline? Portal { get; set; }

    internal ApiKeyLogin? PortalLogin { get; set; }

    internal Task<ApiResponse> SendAsync(HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel)
    {
        Uri uri = new(Endpoints.Api, path);
        return Api.SendAsync(new ApiRequest(method, uri)
        {
            Json = body,
            Buckets = ServiceLimits.ZiaBuckets(method, uri),
            Idempotent = method != HttpMethod.Post,
        }, log, cancel);
    }

    /// <summary>
    /// A GET whose answer is text of <paramref name="mediaType"/>, consumed by <paramref name="read"/> as it streams in. Not
    /// repeated once the answer began (the reader may have handed rows on), only when nothing arrived.
    /// </summary>
    internal async Task<object?> GetTextAsync(string path, string mediaType, Func<System.IO.TextReader, object?> read, OperationLog log, CancellationToken cancel)
    {
        Uri uri = new(Endpoints.Api, path);
        ApiResponse answer = await Api.SendAsync(new ApiRequest(HttpMethod.Get, uri)
        {
            Buckets = ServiceLimits.ZiaBuckets(HttpMethod.Get, uri),
            Text = (mediaType, read),
        }, log, cancel).ConfigureAwait(false);
        return answer.Text;
    }

    internal async Task<JToken> GetAsync(string path, OperationLog log, CancellationToken cancel) =>
        (await SendAsync(HttpMethod.Get, path, null, log, cancel).ConfigureAwait(false)).Json ?? new JObject();

    public override string ToString() => $"{UserName ?? ClientId} @ {OrganizationName ?? OrgId.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({Cloud ?? Endpoints.Api.Host})";

    public void Dispose()
    {
        IsConnected = false;
        Api.Dispose();
        Portal?.Dispose();
    }
}
