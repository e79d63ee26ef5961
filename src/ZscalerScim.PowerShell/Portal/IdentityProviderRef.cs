using System.Globalization;

namespace ZscalerScim.Portal;

/// <summary>Which identity provider a command means, as plain values: an id, or a name (wildcards allowed).</summary>
internal readonly struct IdentityProviderRef
{
    private IdentityProviderRef(long? id, string? name)
    {
        Id = id;
        Name = name;
    }

    public long? Id { get; }

    public string? Name { get; }

    public static IdentityProviderRef ById(long id) => new(id, null);

    /// <summary>A name, or an id given as text ("71234").</summary>
    public static IdentityProviderRef ByName(string name) =>
        long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? new(id, null) : new(null, name);

    public override string ToString() => Id?.ToString(CultureInfo.InvariantCulture) ?? Name ?? string.Empty;
}
