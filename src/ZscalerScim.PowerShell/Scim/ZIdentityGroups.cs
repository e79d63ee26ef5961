using System.Management.Automation;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.ZIdentity;

namespace ZscalerScim.Scim;

/// <summary>
/// ZIdentity's dynamic groups ("Dynamic Group Registered Domains", "Zscaler Global Administrators", ...): ZIdentity
/// keeps their members itself, so a client must never change or delete them. Recognised as they are read, or when
/// the server refuses a write to one; a write to a known one is refused here, before it is sent.
/// </summary>
internal static class ZIdentityGroups
{
    /// <summary>Whether a group just read is managed by ZIdentity; remembers it on the connection.</summary>
    public static bool Recognise(ScimConnection connection, string id, string displayName)
    {
        if (connection.ManagedGroups.ContainsKey(id))
        {
            return true;
        }
        if (connection.Kind == ScimServerKind.ZIdentity && ZIdentityWire.IsManagedGroupName(displayName))
        {
            connection.ManagedGroups[id] = displayName;
            return true;
        }
        return false;
    }

    public static bool IsManaged(ScimConnection connection, string groupId) => connection.ManagedGroups.ContainsKey(groupId);

    /// <summary>Throws, before anything is sent, when the group is one ZIdentity manages.</summary>
    public static void RefuseIfManaged(ScimConnection connection, string groupId, string change)
    {
        if (connection.ManagedGroups.TryGetValue(groupId, out string? name))
        {
            throw Managed(connection, groupId, name, change, refusedByServer: false);
        }
    }

    /// <summary>
    /// Runs a group write; on a ZIdentity server, a refusal (400 mutability, or 403) becomes "ZIdentity manages this
    /// group", and the group is remembered so that no later command tries again. A 4xx is never retried.
    /// </summary>
    public static async Task WriteAsync(ScimConnection connection, string groupId, string change, System.Func<Task> write)
    {
        RefuseIfManaged(connection, groupId, change);
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (ZiaException ex) when (connection.Kind == ScimServerKind.ZIdentity && (ex.StatusCode == 403 || (ex.StatusCode == 400 && ex.ServiceCode == "mutability")))
        {
            connection.ManagedGroups[groupId] = groupId;
            throw Managed(connection, groupId, groupId, change, refusedByServer: true, ex);
        }
    }

    public static ZiaException Managed(ScimConnection connection, string groupId, string name, string change, bool refusedByServer, System.Exception? inner = null) =>
        new("ScimGroupManagedByZIdentity", ErrorCategory.PermissionDenied,
            (refusedByServer
                ? $"ZIdentity refused to {change} group '{name}' ({inner?.Message}): ZIdentity manages this group itself (a dynamic group), so it was not changed and will not be tried again. "
                : $"'{name}' is a group ZIdentity manages itself (a dynamic group), so this module does not {change} it; nothing was sent. ") +
            "Its members follow ZIdentity's own rules (registered domains, admin entitlements); leave it out of the input, or use a group of your own.",
            groupId, inner)
        {
            StatusCode = (inner as ZiaException)?.StatusCode,
            SaveState = SaveState.NotSaved,
        };
}
