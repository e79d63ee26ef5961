namespace ZscalerScim.Entra;

/// <summary>An enterprise application's service principal, as far as provisioning needs it.</summary>
internal sealed class EntraServicePrincipal
{
    public EntraServicePrincipal(string id, string? appId, string? displayName)
    {
        Id = id;
        AppId = appId;
        DisplayName = displayName;
    }

    public string Id { get; }

    public string? AppId { get; }

    public string? DisplayName { get; }

    public override string ToString() => $"'{DisplayName}' ({Id})";
}

/// <summary>Entra ID's answer to validateCredentials: it tried the saved (or given) URL and token against the SCIM server.</summary>
internal sealed class EntraValidation
{
    public EntraValidation(bool succeeded, string? code, string? message)
    {
        Succeeded = succeeded;
        Code = code;
        Message = message;
    }

    public bool Succeeded { get; }

    public string? Code { get; }

    public string? Message { get; }
}

/// <summary>What a credentials write changed in the job's secrets collection, beyond the URL and token.</summary>
internal sealed class CredentialWrite
{
    public CredentialWrite(System.Collections.Generic.IReadOnlyList<string> before, System.Collections.Generic.IReadOnlyList<string> after,
        System.Collections.Generic.IReadOnlyList<string> lost)
    {
        KeysBefore = before;
        KeysAfter = after;
        LostKeys = lost;
    }

    public System.Collections.Generic.IReadOnlyList<string> KeysBefore { get; }

    public System.Collections.Generic.IReadOnlyList<string> KeysAfter { get; }

    /// <summary>Keys the job held before and no longer holds (SyncNotificationSettings: deletion threshold, quarantine emails).</summary>
    public System.Collections.Generic.IReadOnlyList<string> LostKeys { get; }
}
