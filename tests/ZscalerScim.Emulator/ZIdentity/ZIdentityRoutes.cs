using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.Scim;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.ZIdentity;

/// <summary>
/// ZIdentity on the same origin (README "ZIdentity"): its SCIM server at <c>/scim/&lt;id&gt;</c> (the ZIA SCIM
/// server's store and handlers with ZIdentity's profile), the ZIdentity API at <c>/ziam/admin/api/v1</c> (OneAPI
/// token), and the control API at <c>/_emulator/zidentity</c>.
/// </summary>
public static class ZIdentityRoutes
{
    public const string ScimPrefix = "/scim/{tenantId}";
    public const string ApiPrefix = "/ziam/admin/api/v1";

    public static void Map(IEndpointRouteBuilder app, ScimServer server)
    {
        var tenant = app.ServiceProvider.GetRequiredService<ZIdentityTenant>();
        var scim = app.MapGroup(ScimPrefix).AddEndpointFilter((invocation, next) => GateAsync(invocation, next, server, tenant));
        ScimRoutes.MapResources(scim);
        MapApi(app, tenant);
        MapControl(app, tenant, server);
    }

    /// <summary>The handshake's ZIdentity fields: the SCIM base URL and token an admin copies from the portal.</summary>
    public static IEnumerable<(string Name, JsonNode Value)> Handshake(ZIdentityTenant tenant, string baseUri) =>
    [
        ("zidentityScimUrl", JsonValue.Create($"{baseUri}/scim/{tenant.ScimTenantId}")!),
        ("zidentityScimToken", JsonValue.Create(tenant.Token)!),
    ];

    // Rate limit (50/s per tenant), then 404 unless the tenant runs ZIdentity and the id is its own, then the token
    // (discovery needs none: "informational for the SCIM server and not particular to any organization").
    private static async ValueTask<object?> GateAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, ScimServer server, ZIdentityTenant tenant)
    {
        var http = invocation.HttpContext;
        var request = http.Request;
        var tenantId = (string)request.RouteValues["tenantId"]!;
        var config = server.Settings.Current;
        var profile = ScimProfile.ZIdentity;

        await ScimRateLimiter.ArriveAsync(config, http.RequestAborted);
        if (config.RateLimit && !server.Limiter.TryAcquire("zidentity/" + tenantId, profile.RequestsPerSecond, DateTimeOffset.UtcNow, out var wait))
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return ScimRoutes.TooManyRequests(wait, profile.RequestsPerSecond);
        }
        if (!tenant.IsZIdentity || !string.Equals(tenantId, tenant.ScimTenantId, StringComparison.Ordinal))
        {
            return ScimJson.Error(StatusCodes.Status404NotFound, null, $"No ZIdentity SCIM endpoint {tenantId}");
        }
        var token = tenant.Token;
        if (!ScimRoutes.IsDiscovery(http) || config.RequireTokenOnDiscovery)
        {
            var given = CallerCredentials.BearerToken(request);
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ScimJson.Error(StatusCodes.Status401Unauthorized, null, given is null
                    ? "Authorization: Bearer <token> is required"
                    : "The bearer token is not the SCIM token generated in ZIdentity");
            }
        }
        var origin = config.RelativeLocation ? "" : $"{request.Scheme}://{request.Host}";
        var idp = new ScimIdp(server.State.OrgId, 0, "ZIdentity", true, token);
        ScimRoutes.SetCall(http, new ScimCall(idp, tenant.Directory, config with { BulkEnabled = profile.Bulk },
            $"{origin}/scim/{tenantId}", server.State, profile));
        try
        {
            return await next(invocation);
        }
        catch (ScimException e)
        {
            return ScimJson.Error(e);
        }
    }

    // ---------------- the ZIdentity API (help.zscaler.com/zidentity/users, /zidentity/groups) ----------------

    private static void MapApi(IEndpointRouteBuilder app, ZIdentityTenant tenant)
    {
        var api = app.MapGroup(ApiPrefix).RequireBearerToken().AddEndpointFilter(async (invocation, next) =>
            tenant.IsZIdentity ? await next(invocation) : ZiaErrors.NotFound("This organization does not use ZIdentity"));

        api.MapGet("/users", (HttpContext http) => Page(http, tenant.Directory.AllUsers().Select(u => (JsonNode)User(u))));
        api.MapGet("/users/{id}", (string id) =>
            tenant.Directory.FindUser(id) is { } user ? Results.Json(User(user)) : ZiaErrors.NotFound($"User {id} not found"));
        api.MapGet("/users/{id}/groups", (string id, HttpContext http) =>
            tenant.Directory.FindUser(id) is { } user
                ? Page(http, user.Groups.Select(g => (JsonNode)new JsonObject { ["id"] = g.Value, ["name"] = g.Display }))
                : ZiaErrors.NotFound($"User {id} not found"));
        api.MapGet("/users/{id}/service-entitlements", (string id) =>
            tenant.Directory.FindUser(id) is { } user
                ? Results.Json(new JsonArray(tenant.HasZiaService(user.Attributes.UserName) ? [Service()] : []))
                : ZiaErrors.NotFound($"User {id} not found"));
        api.MapGet("/users/{id}/admin-entitlements", (string id) =>
            tenant.Directory.FindUser(id) is { } user
                ? Results.Json(new JsonArray(tenant.IsZiaAdmin(user.Attributes.UserName)
                    ? [new JsonObject { ["service"] = Service(), ["roles"] = new JsonArray(new JsonObject { ["name"] = "Super Admin" }), ["scope"] = null }]
                    : []))
                : ZiaErrors.NotFound($"User {id} not found"));
        api.MapGet("/groups", (HttpContext http) => Page(http, tenant.Directory.AllGroups().Select(g => (JsonNode)new JsonObject
        {
            ["id"] = g.Id,
            ["name"] = g.Attributes.DisplayName,
            ["source"] = tenant.Directory.IsManaged(g.Id) ? "DYNAMIC" : "SCIM",
            ["isDynamicGroup"] = tenant.Directory.IsManaged(g.Id),
        })));
        api.MapGet("/groups/{id}/users", (string id, HttpContext http) =>
            tenant.Directory.FindGroup(id, includeMembers: true) is { } group
                ? Page(http, (group.Members ?? []).Select(m => (JsonNode)new JsonObject { ["id"] = m.Value, ["loginName"] = m.Display }))
                : ZiaErrors.NotFound($"Group {id} not found"));
        api.MapFallback(() => ZiaErrors.NotFound());
    }

    private static JsonObject User(Scim.ScimUser user) => new()
    {
        ["id"] = user.Id,
        ["source"] = "SCIM",
        ["loginName"] = user.Attributes.UserName,
        ["displayName"] = user.Attributes.DisplayName,
        ["primaryEmail"] = user.Attributes.Emails.FirstOrDefault(e => e.Primary)?.Value ?? user.Attributes.Emails.FirstOrDefault()?.Value,
        ["status"] = user.Attributes.Active,
        ["department"] = user.Attributes.Department is { } d ? new JsonObject { ["name"] = d } : null,
    };

    // The service object the SDK reads (zscaler-sdk-python zscaler/zid/models/user_entitlement.py).
    private static JsonObject Service() => new()
    {
        ["id"] = "zia",
        ["serviceName"] = "ZIA",
        ["cloudName"] = "zscalertwo",
        ["orgName"] = "Acme Corp",
    };

    /// <summary>offset/limit paging (limit 0..1000): { results_total, pageOffset, pageSize, next_link, records }.</summary>
    private static IResult Page(HttpContext http, IEnumerable<JsonNode> all)
    {
        var query = http.Request.Query;
        int offset = 0, limit = 100;
        if ((query["offset"].Count > 0 && !int.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset)) ||
            (query["limit"].Count > 0 && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > 1000)))
        {
            return ZiaErrors.InvalidInput("offset must be a whole number of at least 0 and limit one from 0 to 1000");
        }
        var list = all.ToList();
        var page = list.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < list.Count
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}?offset={offset + page.Count}&limit={limit}"
            : null;
        return Results.Json(new JsonObject
        {
            ["results_total"] = list.Count,
            ["pageOffset"] = offset,
            ["pageSize"] = limit,
            ["next_link"] = next,
            ["records"] = new JsonArray([.. page]),
        });
    }

    // ---------------- control ----------------

    private static void MapControl(IEndpointRouteBuilder app, ZIdentityTenant tenant, ScimServer server)
    {
        var control = app.MapGroup($"{ApiPaths.Control}/zidentity");
        control.MapGet("", () => Results.Json(Describe(tenant, server)));
        // { mode, ziaService: [logins], ziaAdmins: [logins] }: fields given change.
        control.MapPut("", async (HttpContext http) =>
        {
            if (await JsonBody.ReadLenientAsync(http.Request) is not { } body)
            {
                return ZiaErrors.InvalidInput("The body must be a JSON object");
            }
            if (body["mode"] is JsonValue mode)
            {
                if (!Enum.TryParse<TenantMode>(mode.ToString(), ignoreCase: true, out var parsed))
                {
                    return ZiaErrors.InvalidInput("mode must be classic, zidentityAdmins or zidentityAdminsAndUsers");
                }
                tenant.Mode = parsed;
            }
            tenant.SetEntitlements(Logins(body["ziaService"]), Logins(body["ziaAdmins"]));
            return Results.Json(Describe(tenant, server));
        });
        // Generate Token: the old one stops working.
        control.MapPost("/token", () => Results.Json(new JsonObject { ["token"] = tenant.GenerateToken() }));
        // A dynamic group of any name, as ZIdentity may add (the module must still leave it alone when refused).
        control.MapPost("/dynamicGroups", async (HttpContext http) =>
        {
            if (await JsonBody.ReadLenientAsync(http.Request) is not { } body || body["displayName"] is not JsonValue name)
            {
                return ZiaErrors.InvalidInput("The body must be {\"displayName\": \"...\"}");
            }
            var group = tenant.Directory.CreateManagedGroup(name.ToString());
            return Results.Json(new JsonObject { ["id"] = group.Id, ["displayName"] = group.Attributes.DisplayName });
        });
        control.MapGet("/scim/users", () => Results.Json(new JsonArray([.. tenant.Directory.AllUsers().Select(u =>
            (JsonNode)ScimJson.User(u, $"/scim/{tenant.ScimTenantId}/Users/{u.Id}"))])));
    }

    private static string[]? Logins(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())] : null;

    private static JsonObject Describe(ZIdentityTenant tenant, ScimServer server)
    {
        var (service, admins) = tenant.Entitlements();
        return new JsonObject
        {
            ["mode"] = JsonNamingPolicy.CamelCase.ConvertName(tenant.Mode.ToString()),
            ["scimTenantId"] = tenant.ScimTenantId,
            ["ziaService"] = new JsonArray([.. service.Select(s => (JsonNode)JsonValue.Create(s)!)]),
            ["ziaAdmins"] = new JsonArray([.. admins.Select(s => (JsonNode)JsonValue.Create(s)!)]),
            ["dynamicGroups"] = new JsonArray([.. tenant.Directory.AllGroups().Where(g => tenant.Directory.IsManaged(g.Id)).Select(g => (JsonNode)new JsonObject { ["id"] = g.Id, ["displayName"] = g.Attributes.DisplayName })]),
        };
    }
}
