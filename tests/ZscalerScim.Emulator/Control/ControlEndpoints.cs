using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Faults;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.RateLimit;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Control;

/// <summary><c>/_emulator</c>: the tests' view into and hold on the emulator. No auth; not part of ZIA.</summary>
public static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(ApiPaths.Control);

        control.MapGet("/state", (EmulatorState state) => Results.Json(state.Describe()));

        control.MapGet("/secrets", (EmulatorState state) => Results.Json(state.DescribeSecrets()));

        control.MapGet("/requests", (RequestLog log) => Results.Json(log.ToJson()));
        control.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });

        control.MapGet("/faults", (FaultStore faults) => Results.Json(faults.List()));
        control.MapPost("/faults", (HttpContext context, FaultStore faults) =>
            WithBody(context, body =>
            {
                var fault = ReadFault(body);
                faults.Add(fault);
                return Results.Json(fault);
            }));
        control.MapDelete("/faults", (FaultStore faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        control.MapGet("/config", (EmulatorState state) => Results.Json(state.Config.ToJson()));
        control.MapPut("/config", (HttpContext context, EmulatorState state, SlidingWindowLimiter limiter) =>
            WithBody(context, body =>
            {
                var config = state.UpdateConfig(body);
                if (body.ContainsKey("rateLimits"))
                {
                    // Switching limits on or off starts every window afresh.
                    limiter.Reset();
                }
                return Results.Json(config.ToJson());
            }));

        control.MapPost("/clients", (HttpContext context, EmulatorState state) =>
            WithBody(context, body =>
            {
                var clientId = RequiredText(body, "clientId");
                var pem = RequiredText(body, "publicKeyPem");
                CheckPublicKey(pem);
                state.RegisterClient(clientId, pem);
                return Results.Json(new JsonObject { ["clientId"] = clientId });
            }));

        control.MapPost("/sessions/expire", (EmulatorState state) =>
        {
            state.ExpireAllSessions();
            return Results.Json(state.Describe());
        });

        control.MapPut("/authSettings", (HttpContext context, EmulatorState state) =>
            WithBody(context, body => Results.Json(state.SeedAuthSettings(body).ToJson())));
        control.MapPut("/org", (HttpContext context, EmulatorState state) =>
            WithBody(context, body => Results.Json(state.MergeOrganization(body))));
        control.MapPost("/idps", (HttpContext context, EmulatorState state) =>
            WithBody(context, body => Results.Json(state.SeedIdp(body))));

        control.MapFallback(() => ZiaErrors.NotFound("No such control endpoint: see the emulator's README"));
    }

    // Reads a JSON object body and runs the action; bad input becomes 400 with the reason.
    private static async Task<IResult> WithBody(HttpContext context, Func<JsonObject, IResult> action)
    {
        if (await JsonBody.ReadLenientAsync(context.Request) is not { } body)
        {
            return ZiaErrors.InvalidInput("The body must be a JSON object");
        }
        try
        {
            return action(body);
        }
        catch (InvalidInputException e)
        {
            return ZiaErrors.InvalidInput(e.Message);
        }
    }

    private static Fault ReadFault(JsonObject body)
    {
        var kind = RequiredText(body, "kind");
        if (!FaultKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"kind must be one of {string.Join(", ", FaultKinds.All)}");
        }
        return new Fault(
            kind,
            Number(body, "count", 1, min: 1),
            OptionalText(body, "method"),
            OptionalText(body, "path"),
            Number(body, "delayMs", 0, min: 0),
            Number(body, "retryAfterSeconds", 1, min: 0),
            Number(body, "every", 1, min: 1),
            Probability: body["probability"] switch
            {
                null => null,
                JsonValue value when value.TryGetValue(out double p) && p is > 0 and <= 1 => p,
                _ => throw new InvalidInputException("probability must be a number above 0 and at most 1"),
            },
            Seed: Number(body, "seed", 1, min: 0));
    }

    private static void CheckPublicKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new InvalidInputException($"publicKeyPem is not an RSA public key in PEM: {e.Message}");
        }
    }

    private static string RequiredText(JsonObject body, string name) =>
        OptionalText(body, name) is { Length: > 0 } text ? text : throw new InvalidInputException($"{name} is required");

    private static string? OptionalText(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw new InvalidInputException($"{name} must be a string"),
        };

    private static int Number(JsonObject body, string name, int fallback, int min) =>
        body[name] switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue(out int number) && number >= min => number,
            _ => throw new InvalidInputException($"{name} must be a whole number of at least {min}"),
        };
}
