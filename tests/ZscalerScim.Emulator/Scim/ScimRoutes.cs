using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Control;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// The SCIM 2.0 server, <c>/&lt;orgId&gt;/&lt;idpId&gt;/scim</c> (README, "SCIM 2.0 server"). Every
/// route passes the gate: rate limit, then 404 for an unknown org or IdP or one without SCIM active,
/// then the IdP's active bearer token (401), except discovery unless requireTokenOnDiscovery.
/// </summary>
public static class ScimRoutes
{
    public const string Prefix = "/{orgId:long}/{idpId:long}/scim";
    private const string CallItem = "ZscalerScim.Emulator.ScimCall";

    /// <summary>Marks the discovery endpoints, which need no token at Zscaler.</summary>
    public sealed class DiscoveryEndpoint;

    /// <summary>Maps the SCIM server and its control endpoints (<c>/_emulator/scim</c>).</summary>
    public static ScimServer Map(IEndpointRouteBuilder app)
    {
        var server = new ScimServer(
            app.ServiceProvider.GetRequiredService<EmulatorState>(), app.ServiceProvider.GetRequiredService<RequestLog>(),
            app.ServiceProvider.GetRequiredService<EventLog.ZiaEventLog>());
        var scim = app.MapGroup(Prefix).AddEndpointFilter((invocation, next) => GateAsync(invocation, next, server));
        MapResources(scim);
        ScimControlEndpoints.Map(app, server);
        return server;
    }

    /// <summary>The SCIM resources below a base, for each server that shares these handlers (ZIA's, ZIdentity's).</summary>
    public static void MapResources(RouteGroupBuilder scim)
    {
        var discovery = new DiscoveryEndpoint();

        scim.MapGet("/ServiceProviderConfig", (HttpContext http) =>
            ScimJson.Result(ScimDiscovery.ServiceProviderConfig(Call(http).Config, Call(http).BaseLocation, Call(http).Profile))).WithMetadata(discovery);
        scim.MapGet("/Schemas", (HttpContext http) => ScimJson.Result(ScimDiscovery.Schemas(Call(http).BaseLocation))).WithMetadata(discovery);
        scim.MapGet("/Schemas/{id}", (string id, HttpContext http) => ScimJson.Result(ScimDiscovery.Schema(id, Call(http).BaseLocation)
            ?? throw ScimException.NotFound($"Schema {id} not found"))).WithMetadata(discovery);
        scim.MapGet("/ResourceTypes", (HttpContext http) => ScimJson.Result(ScimDiscovery.ResourceTypes(Call(http).BaseLocation))).WithMetadata(discovery);
        scim.MapGet("/ResourceTypes/{name}", (string name, HttpContext http) => ScimJson.Result(ScimDiscovery.ResourceType(name, Call(http).BaseLocation)
            ?? throw ScimException.NotFound($"Resource type {name} not found"))).WithMetadata(discovery);

        scim.MapPost("/Users", (Delegate)ScimHandlers.CreateUser);
        scim.MapGet("/Users", (Delegate)ScimHandlers.ListUsers);
        scim.MapPost("/Users/.search", (Delegate)ScimHandlers.SearchUsers);
        scim.MapGet("/Users/{id}", ScimHandlers.GetUser);
        scim.MapPut("/Users/{id}", ScimHandlers.ReplaceUser);
        scim.MapPatch("/Users/{id}", ScimHandlers.PatchUser);
        scim.MapDelete("/Users/{id}", ScimHandlers.DeleteUser);

        scim.MapPost("/Groups", (Delegate)ScimHandlers.CreateGroup);
        scim.MapGet("/Groups", (Delegate)ScimHandlers.ListGroups);
        scim.MapPost("/Groups/.search", (Delegate)ScimHandlers.SearchGroups);
        scim.MapGet("/Groups/{id}", ScimHandlers.GetGroup);
        scim.MapPut("/Groups/{id}", ScimHandlers.ReplaceGroup);
        scim.MapPatch("/Groups/{id}", ScimHandlers.PatchGroup);
        scim.MapDelete("/Groups/{id}", ScimHandlers.DeleteGroup);

        scim.MapPost("/Bulk", (Delegate)ScimBulk.HandleAsync);

        // Anything else under the base, any method: 405 on a known resource, else 404 (after the gate).
        scim.Map("/{**rest}", (string? rest) => ScimPaths.IsKnownResource(rest)
            ? ScimJson.Error(StatusCodes.Status405MethodNotAllowed, null, "This method is not supported on this SCIM endpoint")
            : ScimJson.Error(StatusCodes.Status404NotFound, null, $"No SCIM endpoint /{rest}"));
    }

    /// <summary>Sets the request's context (a gate's last step).</summary>
    public static void SetCall(HttpContext http, ScimCall call) => http.Items[CallItem] = call;

    public static bool IsDiscovery(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<DiscoveryEndpoint>() is not null;

    public static IResult TooManyRequests(int retryAfterSeconds, int perSecond) =>
        ScimJson.Error(StatusCodes.Status429TooManyRequests, null,
            $"Rate limit of {perSecond} requests a second exceeded: retry after {retryAfterSeconds} seconds");

    /// <summary>The request's context, set by the gate.</summary>
    public static ScimCall Call(HttpContext http) =>
        http.Items[CallItem] as ScimCall ?? throw new InvalidOperationException("SCIM route without the gate");

    /// <summary>The SCIM 429: Retry-After header (whole seconds) and a SCIM error body.</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext http, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TooManyRequests(retryAfterSeconds).ExecuteAsync(http);
    }

    private static IResult TooManyRequests(int retryAfterSeconds) =>
        ScimJson.Error(StatusCodes.Status429TooManyRequests, null,
            $"Rate limit of {ScimRateLimiter.PerSecond} requests a second exceeded: retry after {retryAfterSeconds} seconds");

    private static async ValueTask<object?> GateAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, ScimServer server)
    {
        var http = invocation.HttpContext;
        var request = http.Request;
        var orgId = long.Parse((string)request.RouteValues["orgId"]!, CultureInfo.InvariantCulture);
        var idpId = long.Parse((string)request.RouteValues["idpId"]!, CultureInfo.InvariantCulture);
        var config = server.Settings.Current;

        await ScimRateLimiter.ArriveAsync(config, http.RequestAborted);
        if (config.RateLimit && !server.Limiter.TryAcquire(orgId, DateTimeOffset.UtcNow, out var wait))
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return TooManyRequests(wait);
        }

        var idp = server.State.FindActiveScimIdp(orgId, idpId);
        if (idp is null)
        {
            return ScimJson.Error(StatusCodes.Status404NotFound, null, $"No identity provider {idpId} in organization {orgId}");
        }
        if (!idp.ScimEnabled || idp.Token.Length == 0)
        {
            return ScimJson.Error(StatusCodes.Status404NotFound, null,
                $"SCIM provisioning is not enabled (and activated) for identity provider {idpId}");
        }

        var isDiscovery = http.GetEndpoint()?.Metadata.GetMetadata<DiscoveryEndpoint>() is not null;
        if (!isDiscovery || config.RequireTokenOnDiscovery)
        {
            var token = CallerCredentials.BearerToken(request);
            if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(idp.Token)))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                server.Events.Record(new EventLog.ZiaEvent(DateTimeOffset.UtcNow, EventLog.ZiaEventLog.ScimCategory, "Authentication", EventLog.ZiaEventLog.Failure,
                    $"{request.Method} {request.Path} (identity provider '{idp.Name}'): " + (token is null ? "no bearer token" : "the bearer token is not the identity provider's active SCIM token"),
                    "UNAUTHORIZED", StatusCodes.Status401Unauthorized));
                return ScimJson.Error(StatusCodes.Status401Unauthorized, null, token is null
                    ? "Authorization: Bearer <token> is required"
                    : "The bearer token is not the active SCIM token of this identity provider");
            }
        }

        var origin = config.RelativeLocation ? "" : $"{request.Scheme}://{request.Host}";
        http.Items[CallItem] = new ScimCall(idp, server.Store.For(orgId, idpId), config, $"{origin}/{orgId}/{idpId}/scim", server.State) { Events = server.Events };
        try
        {
            return await next(invocation);
        }
        catch (ScimException e)
        {
            return ScimJson.Error(e);
        }
    }
}

/// <summary>The SCIM server's own singletons, made by <see cref="ScimRoutes.Map"/>.</summary>
public sealed class ScimServer
{
    public ScimServer(EmulatorState state, RequestLog log, EventLog.ZiaEventLog events)
    {
        State = state;
        Log = log;
        Events = events;
        Store = new ScimStore(() => Settings.Current.CaseExactUserNames);
    }

    public EmulatorState State { get; }
    public RequestLog Log { get; }
    public EventLog.ZiaEventLog Events { get; }
    public ScimSettings Settings { get; } = new();
    public ScimStore Store { get; }
    public ScimRateLimiter Limiter { get; } = new();
}
