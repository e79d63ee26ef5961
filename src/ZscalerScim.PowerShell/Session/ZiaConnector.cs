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
using ZscalerScim.Zia;

namespace ZscalerScim.Session;

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
                session = new ZiaSession(request.Endpoints, request.AuthType, request.Credential!.UserName, null, pipeline) { Login = login, Proxy = request.Proxy };
                AttachPortal(session, request, throttle);
            }
            else
            {
                RenewingBearerToken token = new(OneApiToken.Source(pipeline, request.Endpoints.TokenUri!, request.ClientId!, request.ClientSecret, request.PrivateKey));
                await token.AcquireAsync(log, cancel).ConfigureAwait(false);
                pipeline.Authorizer = token;
                session = new ZiaSession(request.Endpoints, request.AuthType, null, request.ClientId, pipeline) { Token = token, Proxy = request.Proxy };
            }
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        try
        {
            ZiaOrganization org = await Organization.GetAsync(session, log, cancel).ConfigureAwait(false);
            session.OrgId = org.OrgId;
            session.OrganizationName = org.Name;
            if (ZiaCloud.TryNormalize(org.CloudName, out string cloud))
            {
                session.Cloud = cloud;
                request.Endpoints.ScimHost ??= ZiaCloud.ScimHostFor(cloud);
            }
            log.Verbose($"Connected to organization {session.OrgId} ({session.OrganizationName}) on {session.Cloud ?? "an unknown cloud"}.");
            return session;
        }
        catch (Exception failure)
        {
            // Nobody will hold this session: left open, its idle expiry would activate pending changes unseen later.
            await LogOutQuietlyAsync(session, failure, log).ConfigureAwait(false);
            session.Dispose();
            throw;
        }
    }

    private static async Task LogOutQuietlyAsync(ZiaSession session, Exception failure, OperationLog log)
    {
        if (session.Login is not { } login)
        {
            return;
        }
        try
        {
            // Not the caller's token: a Ctrl+C that ended the connect must not leave the server session behind.
            using CancellationTokenSource limit = new(session.Api.Timeout);
            log.Verbose($"Connecting failed after signing in ({failure.Message}); logging the new session out.");
            await login.LogoutAsync(log, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZiaException or OperationCanceledException)
        {
            log.Verbose($"Logging the unfinished session out failed too ({ex.Message}); ZIA ends it after its idle timeout.");
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
        request.Timeout,
        ZiaErrors.Read);
}
