using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Entra;

/// <summary>Microsoft Graph v1.0: service principals and their synchronization jobs and secrets (README, "Microsoft Entra ID").</summary>
public static class EntraGraphRoutes
{
    private static readonly Regex DisplayNameEq = new(@"^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static void Map(IEndpointRouteBuilder app)
    {
        var graph = app.MapGroup(EntraPaths.Graph).AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var entra = http.RequestServices.GetRequiredService<EntraState>();
            var header = http.Request.Headers.Authorization.ToString();
            // Graph checks the token before it looks at the path.
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (token.Length == 0)
            {
                return EntraPaths.Error(401, "InvalidAuthenticationToken", "Access token is empty.");
            }
            if (!entra.IsValidToken(token))
            {
                return EntraPaths.Error(401, "InvalidAuthenticationToken", "Access token validation failure: it has expired or was not issued by this tenant.");
            }
            return await next(invocation);
        });

        graph.MapGet("/servicePrincipals", (HttpContext http, EntraState entra) =>
        {
            var select = GraphSelect.Read(http.Request, GraphType.ServicePrincipal);
            if (select.Error is { } bad)
            {
                return bad;
            }
            var all = entra.ServicePrincipals();
            var filter = http.Request.Query["$filter"].ToString();
            if (filter.Length > 0)
            {
                var m = DisplayNameEq.Match(filter);
                if (!m.Success)
                {
                    return EntraPaths.Error(400, "BadRequest", $"Invalid filter clause: the emulator knows only displayName eq '...' (got {filter}).");
                }
                var name = m.Groups[1].Value.Replace("''", "'");
                all = [.. all.Where(s => s.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase))];
            }
            return Many(select, all.Select(s => s.ToGraph()));
        });

        graph.MapGet("/servicePrincipals/{id}", (string id, HttpContext http, EntraState entra) =>
        {
            var select = GraphSelect.Read(http.Request, GraphType.ServicePrincipal);
            return select.Error ?? (entra.Find(id) is { } sp ? Results.Json(select.Apply(sp.ToGraph())) : NotFound(id));
        });

        graph.MapGet("/servicePrincipals/{id}/synchronization/jobs", (string id, HttpContext http, EntraState entra) =>
        {
            var select = GraphSelect.Read(http.Request, GraphType.SynchronizationJob);
            if (select.Error is { } bad)
            {
                return bad;
            }
            if (entra.Find(id) is not { } sp)
            {
                return NotFound(id);
            }
            lock (entra.Gate)
            {
                return Many(select, sp.Jobs.Select(j => j.ToGraph()));
            }
        });

        graph.MapGet("/servicePrincipals/{id}/synchronization/jobs/{jobId}", (string id, string jobId, HttpContext http, EntraState entra) =>
        {
            var select = GraphSelect.Read(http.Request, GraphType.SynchronizationJob);
            return select.Error ?? WithJob(entra, id, jobId, (sp, job) => Results.Json(select.Apply(job.ToGraph())));
        });

        // Values are write-only: a GET lists the keys with masked values.
        graph.MapGet("/servicePrincipals/{id}/synchronization/secrets", (string id, EntraState entra) =>
        {
            if (entra.Find(id) is not { } sp)
            {
                return NotFound(id);
            }
            lock (entra.Gate)
            {
                return Results.Json(new JsonObject { ["value"] = new JsonArray([.. sp.Secrets.Select(s => (JsonNode)new JsonObject { ["key"] = s.Key, ["value"] = "*****" })]) });
            }
        });

        graph.MapPut("/servicePrincipals/{id}/synchronization/secrets", async (string id, HttpContext http, EntraState entra) =>
        {
            if (entra.Find(id) is not { } sp)
            {
                return NotFound(id);
            }
            var pairs = await ReadPairsAsync(http.Request, "value");
            if (pairs is null || pairs.Count == 0)
            {
                return EntraPaths.Error(400, "BadRequest", "Empty Payload: the body must be {\"value\":[{\"key\":...,\"value\":...}]}.");
            }
            lock (entra.Gate)
            {
                if (entra.SecretsPutReplaces)
                {
                    sp.Secrets.Clear();
                }
                foreach (var (key, value) in pairs)
                {
                    sp.Secrets.RemoveAll(s => s.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
                    sp.Secrets.Add(new(key, value));
                }
                foreach (var job in sp.Jobs.Where(j => j.Code == "NotConfigured" && sp.Secret("BaseAddress") is not null))
                {
                    job.Code = "NotRun";
                }
            }
            return Results.NoContent();
        });

        graph.MapPost("/servicePrincipals/{id}/synchronization/jobs/{jobId}/validateCredentials", async (string id, string jobId, HttpContext http, EntraState entra) =>
        {
            var body = await JsonBody.ReadLenientAsync(http.Request);
            if (entra.Find(id) is not { } sp || sp.Jobs.All(j => j.Id != jobId))
            {
                return NotFound(id);
            }
            string? baseAddress, token;
            if (body?["useSavedCredentials"] is JsonValue saved && saved.TryGetValue(out bool useSaved) && useSaved)
            {
                lock (entra.Gate)
                {
                    (baseAddress, token) = (sp.Secret("BaseAddress"), sp.Secret("SecretToken"));
                }
            }
            else
            {
                var given = Pairs(body?["credentials"] as JsonArray);
                (baseAddress, token) = (Find(given, "BaseAddress"), Find(given, "SecretToken"));
            }
            if (baseAddress is null || token is null)
            {
                return EntraPaths.Error(400, "BadRequest", "Failed to validate the credentials: no BaseAddress or SecretToken.");
            }
            var failure = await EntraProvisioningEngine.ValidateAsync(baseAddress, token);
            return failure is null ? Results.NoContent() : EntraPaths.Error(400, "BadRequest", failure);
        });

        graph.MapPost("/servicePrincipals/{id}/synchronization/jobs/{jobId}/start", (string id, string jobId, EntraState entra, EntraProvisioningEngine engine) =>
            WithJob(entra, id, jobId, (sp, job) =>
            {
                if (job.Code == "NotConfigured")
                {
                    return EntraPaths.Error(400, "BadRequest", "The job has no credentials: save the Tenant URL and Secret Token first.");
                }
                // The start reference: a quarantined job's quarantine is cleared. It comes back on the cycle if its cause remains.
                job.Quarantine = null;
                job.Code = "Active";
                _ = Task.Run(() => engine.RunAsync(sp, job));
                return Results.NoContent();
            }));

        graph.MapPost("/servicePrincipals/{id}/synchronization/jobs/{jobId}/restart", async (string id, string jobId, HttpContext http, EntraState entra, EntraProvisioningEngine engine) =>
        {
            var body = await JsonBody.ReadLenientAsync(http.Request);
            var scope = body?["criteria"]?["resetScope"]?.ToString() ?? "";
            return WithJob(entra, id, jobId, (sp, job) =>
            {
                if (job.Code == "NotConfigured")
                {
                    return EntraPaths.Error(400, "BadRequest", "The job has no credentials: save the Tenant URL and Secret Token first.");
                }
                // synchronizationJobRestartScope is a flags enum: comma-combined names; an empty scope is the portal's Restart.
                var flags = scope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (flags.FirstOrDefault(f => !RestartScopes.Contains(f)) is { } unknown)
                {
                    return EntraPaths.Error(400, "BadRequest", $"Unknown resetScope '{unknown}'.");
                }
                bool Has(string flag) => flags.Contains(flag, StringComparer.OrdinalIgnoreCase);
                // Full is "all of the options": ForceDeletes among them, read literally.
                var forceDeletes = Has("ForceDeletes") || Has("Full");
                // The portal's Restart (empty) covers QuarantineState, Watermark and Escrows; carrying out the held deletions
                // removes a TooManyDeletes quarantine's cause.
                var lift = flags.Length == 0 || Has("QuarantineState") || Has("Full")
                    || (forceDeletes && job.Quarantine?.Reason == "TooManyDeletes");
                if (lift)
                {
                    job.Quarantine = null;
                }
                if (job.Quarantine is null)
                {
                    job.Code = "Active";
                }
                job.ForceDeletes = forceDeletes;
                _ = Task.Run(() => engine.RunAsync(sp, job));
                return Results.NoContent();
            });
        });

        graph.MapPost("/servicePrincipals/{id}/synchronization/jobs/{jobId}/pause", (string id, string jobId, EntraState entra) =>
            WithJob(entra, id, jobId, (sp, job) =>
            {
                job.Code = "Paused";
                return Results.NoContent();
            }));

        // Past the token check: a path Graph does not have names its first unknown segment; a known one, the method.
        graph.MapFallback("{**path}", (HttpContext http, string? path) => UnknownPath(http.Request.Method, path ?? ""));
    }

    private static readonly HashSet<string> RestartScopes = new(StringComparer.OrdinalIgnoreCase)
    {
        "None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes",
    };

    // The resources above: servicePrincipals/{id}/synchronization/(secrets | jobs/{jobId}/(validateCredentials|start|restart|pause));
    // null stands for an id.
    private static readonly string?[][] Shape =
        [["servicePrincipals"], [null], ["synchronization"], ["jobs", "secrets"], [null], ["validateCredentials", "start", "restart", "pause"]];

    private static IResult UnknownPath(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var known = i < Shape.Length && !(i > 3 && segments[3] == "secrets") && (Shape[i][0] is null || Shape[i].Contains(segments[i]));
            if (!known)
            {
                return EntraPaths.Error(400, "BadRequest", $"Resource not found for the segment '{segments[i]}'.");
            }
        }
        return EntraPaths.Error(405, "BadRequest", $"The HTTP method '{method}' is not allowed on this resource.");
    }

    private static IResult Many(GraphSelect select, IEnumerable<JsonObject> entities) =>
        Results.Json(new JsonObject { ["value"] = new JsonArray([.. entities.Select(e => (JsonNode)select.Apply(e))]) });

    private static IResult WithJob(EntraState entra, string id, string jobId, Func<EntraServicePrincipal, EntraJob, IResult> act)
    {
        if (entra.Find(id) is not { } sp)
        {
            return NotFound(id);
        }
        lock (entra.Gate)
        {
            return sp.Jobs.FirstOrDefault(j => j.Id == jobId) is { } job
                ? act(sp, job)
                : EntraPaths.Error(404, "NotFound", $"The synchronization job '{jobId}' was not found.");
        }
    }

    private static IResult NotFound(string id) =>
        EntraPaths.Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static async Task<List<(string Key, string Value)>?> ReadPairsAsync(HttpRequest request, string name) =>
        (await JsonBody.ReadLenientAsync(request))?[name] is JsonArray array ? Pairs(array) : null;

    private static List<(string Key, string Value)> Pairs(JsonArray? array) =>
        array is null
            ? []
            : [.. array.OfType<JsonObject>()
                .Where(o => o["key"] is JsonValue && o["value"] is JsonValue)
                .Select(o => (o["key"]!.ToString(), o["value"]!.ToString()))];

    private static string? Find(List<(string Key, string Value)> pairs, string key) =>
        pairs.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}
