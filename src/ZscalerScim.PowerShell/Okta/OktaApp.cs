namespace ZscalerScim.Okta;

/// <summary>An Okta app as the provisioning service needs it: id, type name and label.</summary>
internal sealed class OktaApp
{
    public OktaApp(string id, string? name, string? label)
    {
        Id = id;
        Name = name;
        Label = label;
    }

    public string Id { get; }

    /// <summary>The app's type (zscalerbyz, okta_org2org, salesforce, ...).</summary>
    public string? Name { get; }

    public string? Label { get; }

    public bool IsZscaler => Name == OktaWire.ZscalerAppName;

    public override string ToString() => $"Okta app '{Label}' ({Id})";
}
