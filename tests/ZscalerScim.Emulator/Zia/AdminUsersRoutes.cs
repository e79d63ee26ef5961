using System.Globalization;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Zia;

/// <summary><c>GET /adminUsers</c> and <c>GET /users</c> on both ZIA roots, and <c>/_emulator/zia/...</c> to seed them.</summary>
public static class AdminUsersRoutes
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/adminUsers", (HttpContext http, EmulatorState state) =>
            Paged(http, (page, size) => Results.Json(state.Accounts.AdminPage(page, size))));
        group.MapGet("/users", (HttpContext http, EmulatorState state) =>
            Paged(http, (page, size) => Results.Json(state.Accounts.SearchUsers(http.Request.Query["search"], page, size))));
    }

    public static void MapControl(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup($"{ApiPaths.Control}/zia");
        control.MapGet("/accounts", (EmulatorState state) => Results.Json(state.Accounts.Describe()));
        control.MapPost("/admins", (HttpContext http, EmulatorState state) => WithBody(http, body => state.Accounts.AddAdmin(body)));
        control.MapPost("/users", (HttpContext http, EmulatorState state) => WithBody(http, body => state.Accounts.AddUser(body)));
        control.MapPut("/accounts", (HttpContext http, EmulatorState state) => WithBody(http, body => state.Accounts.UpdateSettings(body)));
    }

    private static IResult Paged(HttpContext http, Func<int, int, IResult> answer)
    {
        var page = Number(http.Request.Query["page"], 1);
        var size = Number(http.Request.Query["pageSize"], DefaultPageSize);
        if (page is null or < 1 || size is null or < 1 || size > MaxPageSize)
        {
            return ZiaErrors.InvalidInput($"page must be at least 1 and pageSize 1 to {MaxPageSize}");
        }
        return answer(page.Value, size.Value);
    }

    private static int? Number(string? text, int fallback) =>
        string.IsNullOrEmpty(text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static async Task<IResult> WithBody(HttpContext http, Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject> action)
    {
        if (await JsonBody.ReadLenientAsync(http.Request) is not { } body)
        {
            return ZiaErrors.InvalidInput("The body must be a JSON object");
        }
        try
        {
            return Results.Json(action(body));
        }
        catch (InvalidInputException e)
        {
            return ZiaErrors.InvalidInput(e.Message);
        }
    }
}
