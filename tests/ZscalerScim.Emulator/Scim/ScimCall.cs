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

    /// <summary>The organization's registered domains (orgInformation <c>domains</c>), read once per request.</summary>
    public IReadOnlyList<string> Domains => _domains ??= ScimOrganization.Domains(State);
}
