using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Entra;

/// <summary><c>/_emulator/entra</c>: the tests' hold on the emulated Entra ID tenant.</summary>
public static class EntraControl
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(EntraPaths.Control);

        control.MapGet("/state", (EntraState entra) => Results.Json(entra.Describe()));

        control.MapPut("/config", async (HttpContext http, EntraState entra) =>
        {
            if (await JsonBody.ReadLenientAsync(http.Request) is not { } body)
            {
                return Results.BadRequest();
            }
            entra.Configure(body);
            return Results.Json(entra.Describe()["config"]!.DeepClone());
        });

        control.MapPost("/certificates", async (HttpContext http, EntraState entra) =>
        {
            var body = await JsonBody.ReadLenientAsync(http.Request);
            try
            {
                var x5t = entra.AddCertificate(Convert.FromBase64String(body?["certificate"]?.ToString() ?? ""));
                return Results.Json(new JsonObject { ["x5t"] = x5t });
            }
            catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                return Results.BadRequest(new JsonObject { ["message"] = "certificate must be the base64 DER of an RSA certificate" });
            }
        });

        control.MapPost("/users", async (HttpContext http, EntraState entra) =>
        {
            var body = await JsonBody.ReadLenientAsync(http.Request);
            if (body?["userPrincipalName"]?.ToString() is not { Length: > 0 } upn)
            {
                return Results.BadRequest(new JsonObject { ["message"] = "userPrincipalName is required" });
            }
            var user = entra.AddUser(upn, body["displayName"]?.ToString() ?? upn, body["givenName"]?.ToString(), body["surname"]?.ToString(), body["department"]?.ToString());
            return Results.Json(new JsonObject { ["id"] = user.Id, ["userPrincipalName"] = user.UserPrincipalName });
        });

        control.MapDelete("/users/{upn}", (string upn, EntraState entra) =>
            entra.RemoveUser(upn) ? Results.NoContent() : Results.NotFound(new JsonObject { ["message"] = $"no user {upn} is assigned" }));

        control.MapPost("/servicePrincipals", async (HttpContext http, EntraState entra) =>
        {
            var body = await JsonBody.ReadLenientAsync(http.Request);
            var jobs = body?["jobs"] is JsonValue j && j.TryGetValue(out int n) ? n : 1;
            var sp = entra.AddServicePrincipal(body?["displayName"]?.ToString() ?? EntraState.SeedDisplayName, body?["templateId"]?.ToString() ?? "zscalertwo", jobs);
            var answer = sp.ToGraph();
            answer["jobIds"] = new JsonArray([.. sp.Jobs.Select(x => (JsonNode)x.Id)]);
            return Results.Json(answer);
        });

        control.MapPost("/tokens/expire", (EntraState entra) =>
        {
            entra.ExpireTokens();
            return Results.NoContent();
        });

        // One scheduled provisioning cycle of every job that is Active or in Quarantine (Entra runs them every 40 minutes).
        control.MapPost("/jobs/run", async (EntraState entra, EntraProvisioningEngine engine) =>
        {
            List<(EntraServicePrincipal Sp, EntraJob Job)> due;
            lock (entra.Gate)
            {
                due = [.. entra.ServicePrincipals().SelectMany(sp => sp.Jobs.Where(x => x.Code is "Active" or "Quarantine").Select(job => (sp, job)))];
            }
            await Task.WhenAll(due.Select(d => engine.RunAsync(d.Sp, d.Job)));
            return Results.Json(entra.Describe());
        });
    }
}

/// <summary>The one line Program.cs needs: the Entra ID services and their routes.</summary>
public static class EntraEmulator
{
    public static void AddEntra(this IServiceCollection services)
    {
        services.AddSingleton<EntraState>();
        services.AddSingleton<EntraProvisioningEngine>();
    }

    public static void MapEntra(this IEndpointRouteBuilder app)
    {
        EntraSignIn.Map(app);
        EntraGraphRoutes.Map(app);
        EntraControl.Map(app);
    }
}
