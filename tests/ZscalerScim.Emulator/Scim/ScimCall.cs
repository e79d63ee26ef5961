using System.Text.Json.Nodes;
using ZscalerScim.Emulator.EventLog;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// One authorized SCIM request's context, set by the route gate: the IdP, its directory, the
/// config in force and where its resources live (absolute or relative, per config).
/// </summary>
public sealed class ScimCall(ScimIdp idp, ScimDirectory directory, ScimConfig config, string baseLocation, EmulatorState state, ScimProfile? profile = null)
{
    /// <summary>Which server answers: ZIA's (the default) or ZIdentity's.</summary>
    public ScimProfile Profile { get; } = profile ?? ScimProfile.Zia;

    private IReadOnlyList<string>? _domains;

    public ScimIdp Idp { get; } = idp;
    public EmulatorState State { get; } = state;
    public ScimDirectory Directory { get; } = directory;
    public ScimConfig Config { get; } = config;

    /// <summary><c>&lt;origin&gt;/&lt;orgId&gt;/&lt;idpId&gt;/scim</c>, or the path alone with relativeLocation.</summary>
    public string BaseLocation { get; } = baseLocation;

    public string UserLocation(string id) => $"{BaseLocation}/Users/{id}";

    public string GroupLocation(string id) => $"{BaseLocation}/Groups/{id}";

    /// <summary>ZIA's event log, which records every write as it is answered; null on servers without one (ZIdentity's).</summary>
    public ZiaEventLog? Events { get; init; }

    /// <summary>Runs one write and records it in the event log: its result, and a refusal's message, error code and status.</summary>
    public ScimOutcome Audit(string method, bool users, string? id, JsonObject? body, Func<ScimOutcome> work)
    {
        if (Events is null)
        {
            return work();
        }
        var kind = users ? "user" : "group";
        var name = (body?[users ? "userName" : "displayName"] as JsonValue)?.TryGetValue(out string? given) == true ? given
            : id is null ? null
            : users ? Directory.FindUser(id)?.Attributes.UserName : Directory.FindGroup(id, includeMembers: false)?.Attributes.DisplayName;
        var action = method switch { "POST" => "Create", "DELETE" => "Delete", _ => "Update" };
        var what = $"{action} {kind} '{name ?? id}' (identity provider '{Idp.Name}')";
        try
        {
            var outcome = work();
            Events.Record(new ZiaEvent(DateTimeOffset.UtcNow, ZiaEventLog.ScimCategory, users ? "User" : "Group", ZiaEventLog.Success, what, "", outcome.Status));
            return outcome;
        }
        catch (ScimException e)
        {
            Events.Record(new ZiaEvent(DateTimeOffset.UtcNow, ZiaEventLog.ScimCategory, users ? "User" : "Group", ZiaEventLog.Failure,
                $"{what}: {e.Message}", e.ScimType ?? "", e.Status), e.WrongDomain);
            throw;
        }
    }

    /// <summary>The organization's registered domains (orgInformation <c>domains</c>), read once per request.</summary>
    public IReadOnlyList<string> Domains => _domains ??= ScimOrganization.Domains(State);
}
