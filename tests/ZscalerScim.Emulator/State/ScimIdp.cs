namespace ZscalerScim.Emulator.State;

/// <summary>
/// What the SCIM server needs to know about an active (activated) IdP: whether SCIM is on and the
/// bearer token it must demand ("" when none). From <see cref="EmulatorState.FindActiveScimIdp"/>.
/// </summary>
public sealed record ScimIdp(long OrgId, long IdpId, string Name, bool ScimEnabled, string Token);
