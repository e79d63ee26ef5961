using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Session;

/// <summary>What Connect-Zia gathered from its parameters or the environment.</summary>
internal sealed class ConnectRequest
{
    public ZiaEndpoints Endpoints { get; set; } = null!;

    public ZiaAuthType AuthType { get; set; }

    public PSCredential? Credential { get; set; }

    public SecureString? ApiKey { get; set; }

    public string? ClientId { get; set; }

    public SecureString? ClientSecret { get; set; }

    public RSA? PrivateKey { get; set; }

    public ProxyOptions Proxy { get; set; } = ProxyOptions.None;

    public TimeSpan Timeout { get; set; }

    public int MaxRetry { get; set; }
}

/// <summary>Signs in and learns which organization the session belongs to.</summary>
internal static class ZiaConnector
{
    public static async Task<ZiaSession> ConnectAsync(ConnectRequest request, OperationLog log, CancellationToken cancel)
    {
        RequestThrottle throttle = ServiceLimits.ZiaThrottle(request.Endpoints.Api, request.Credential?.UserName ?? request.ClientId ?? string.Empty);
        HttpPipeline pipeline = NewPipeline(request, throttle, new CookieContainer());
        ZiaSession session;
        try
        {
            if (request.AuthType == ZiaAuthType.ApiKey)
            {
                ApiKeyLogin login = new(pipeline, request.Endpoints.Api, request.Credential!, request.ApiKey!);
                await login.LoginAsync(log, cancel).ConfigureAwait(false);
                pipeline.Authorizer = login;
                session = new ZiaSession(request.Endpoints, request.AuthType, request.Credential!.UserName, null, pipeline) { Login = login };
                AttachPortal(session, request, throttle);
            }
            else
            {
                OneApiToken token = new(pipeline, request.Endpoints.TokenUri!, request.ClientId!, request.ClientSecret, request.PrivateKey);
                await token.AcquireAsync(log, cancel).ConfigureAwait(false);
                pipeline.Authorizer = token;
                session = new ZiaSession(request.Endpoints, request.AuthType, null, request.ClientId, pipeline);
            }
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        try
        {
            JToken org = await session.GetAsync("orgInformation", log, cancel).ConfigureAwait(false);
            session.OrgId = (long?)org["orgId"] ?? 0;
            session.OrganizationName = (string?)org["name"];
            if (ZiaCloud.TryNormalize((string?)org["cloudName"], out string cloud))
            {
                session.Cloud = cloud;
                request.Endpoints.ScimHost ??= ZiaCloud.ScimHostFor(cloud);
            }
            log.Verbose($"Connected to organization {session.OrgId} ({session.OrganizationName}) on {session.Cloud ?? "an unknown cloud"}.");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The Admin Portal API has its own login and cookies (on the real service, another host), so it gets
    /// its own HttpClient; it shares the organization's throttle. It signs in on first use only.
    /// </summary>
    private static void AttachPortal(ZiaSession session, ConnectRequest request, RequestThrottle throttle)
    {
        Uri root = request.Endpoints.PortalApi!;
        CookieContainer cookies = new();
        HttpPipeline portal = NewPipeline(request, throttle, cookies);
        ApiKeyLogin login = new(portal, root, request.Credential!, request.ApiKey!,
            customCode: () => cookies.GetCookies(root)["ZS_SESSION_CODE"]?.Value);
        portal.Authorizer = login;
        session.Portal = portal;
        session.PortalLogin = login;
    }

    private static HttpPipeline NewPipeline(ConnectRequest request, RequestThrottle throttle, CookieContainer cookies) => new(
        HttpClientFactory.Create(request.Proxy, cookies),
        throttle,
        new RetryPolicy(request.MaxRetry),
        request.Timeout);
}
