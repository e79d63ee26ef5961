namespace ZscalerScim.Emulator.Scim;

/// <summary>Every IdP's SCIM directory, created on first use. Directories outlive SCIM being switched off.</summary>
public sealed class ScimStore(Func<bool>? caseExactUserNames = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long OrgId, long IdpId), ScimDirectory> _directories = [];

    public ScimDirectory For(long orgId, long idpId)
    {
        lock (_gate)
        {
            if (!_directories.TryGetValue((orgId, idpId), out var directory))
            {
                _directories[(orgId, idpId)] = directory = new ScimDirectory(caseExactUserNames: caseExactUserNames);
            }
            return directory;
        }
    }

    /// <summary>Forgets an IdP's users and groups.</summary>
    public void Clear(long orgId, long idpId)
    {
        lock (_gate)
        {
            _directories.Remove((orgId, idpId));
        }
    }
}
