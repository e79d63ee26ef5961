using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// <c>/_emulator/scim</c>: the tests' view into the SCIM server (no auth, no rate limit; not part
/// of Zscaler). Errors use the control API's <c>{"code","message"}</c> body.
/// </summary>
public static class ScimControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ScimServer server)
    {
        var control = app.MapGroup($"{ApiPaths.Control}/scim");

        control.MapGet("/config", () => Results.Json(server.Settings.Current.ToJson()));
        control.MapPut("/config", async (HttpContext http) =>
        {
            if (await JsonBody.ReadLenientAsync(http.Request) is not { } body)
            {
                return ZiaErrors.InvalidInput("The body must be a JSON object");
            }
            try
            {
                var config = server.Settings.Update(body);
                if (body.ContainsKey("rateLimit"))
                {
                    // Switching the limit on or off starts its window afresh.
                    server.Limiter.Reset();
                }
                return Results.Json(config.ToJson());
            }
            catch (InvalidInputException e)
            {
                return ZiaErrors.InvalidInput(e.Message);
            }
        });

        control.MapGet("/counters", () => Results.Json(ScimCounters.Describe(server.Log)));

        control.MapGet("/{idpId:long}/users", (long idpId, HttpContext http) =>
            WithDirectory(server, idpId, http, (directory, call) =>
                Results.Json(new JsonArray([.. directory.AllUsers().Select(user => (JsonNode)ScimJson.User(user, call.UserLocation(user.Id)))]))));
        control.MapGet("/{idpId:long}/groups", (long idpId, HttpContext http) =>
            WithDirectory(server, idpId, http, (directory, call) =>
                Results.Json(new JsonArray([.. directory.AllGroups().Select(group => (JsonNode)ScimJson.Group(group, call.GroupLocation(group.Id)))]))));
        control.MapPost("/{idpId:long}/users", async (long idpId, HttpContext http) =>
        {
            var items = await ReadArrayAsync(http.Request);
            return WithDirectory(server, idpId, http, (directory, call) =>
            {
                if (items is null)
                {
                    return ZiaErrors.InvalidInput("The body must be a JSON array of SCIM user objects");
                }
                var users = new List<UserAttributes>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    try
                    {
                        var user = ScimResourceReader.ReadUser(items[i] as JsonObject
                            ?? throw ScimException.InvalidValue("not a JSON object"), requireSchemas: false);
                        ScimResourceReader.CheckUserName(user.UserName, call.Domains);
                        users.Add(user);
                    }
                    catch (ScimException e)
                    {
                        return ZiaErrors.InvalidInput($"users[{i}]: {e.Message}");
                    }
                }
                try
                {
                    var created = directory.CreateUsers(users);
                    return Results.Json(new JsonArray([.. created.Select(user => (JsonNode)ScimJson.User(user, call.UserLocation(user.Id)))]));
                }
                catch (ScimException e)
                {
                    return ZiaErrors.InvalidInput(e.Message);
                }
            });
        });
        control.MapPost("/{idpId:long}/groups", async (long idpId, HttpContext http) =>
        {
            var items = await ReadArrayAsync(http.Request);
            return WithDirectory(server, idpId, http, (directory, call) =>
            {
                if (items is null)
                {
                    return ZiaErrors.InvalidInput("The body must be a JSON array of SCIM group objects");
                }
                var created = new JsonArray();
                for (var i = 0; i < items.Count; i++)
                {
                    try
                    {
                        var (attributes, members) = ScimResourceReader.ReadGroup(items[i] as JsonObject
                            ?? throw ScimException.InvalidValue("not a JSON object"), requireSchemas: false);
                        var group = directory.CreateGroup(attributes, [.. members]);
                        created.Add(ScimJson.Group(group, call.GroupLocation(group.Id)));
                    }
                    catch (ScimException e)
                    {
                        return ZiaErrors.InvalidInput($"groups[{i}]: {e.Message} (the {i} groups before it were created)");
                    }
                }
                return Results.Json(created);
            });
        });
        control.MapDelete("/{idpId:long}", (long idpId, EmulatorState state) =>
        {
            server.Store.Clear(state.OrgId, idpId);
            return Results.NoContent();
        });
    }

    // The IdP must exist (active state); SCIM need not be on. Locations follow the SCIM config.
    private static IResult WithDirectory(ScimServer server, long idpId, HttpContext http, Func<ScimDirectory, ScimCall, IResult> action)
    {
        var orgId = server.State.OrgId;
        if (server.State.FindActiveScimIdp(orgId, idpId) is not { } idp)
        {
            return ZiaErrors.NotFound($"Identity provider {idpId} not found");
        }
        var config = server.Settings.Current;
        var origin = config.RelativeLocation ? "" : $"{http.Request.Scheme}://{http.Request.Host}";
        var directory = server.Store.For(orgId, idpId);
        return action(directory, new ScimCall(idp, directory, config, $"{origin}/{orgId}/{idpId}/scim", server.State));
    }

    private static async Task<JsonArray?> ReadArrayAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, ScimJson.NodeOptions, cancellationToken: request.HttpContext.RequestAborted) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
