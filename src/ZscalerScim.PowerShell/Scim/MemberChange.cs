using System.Collections.Generic;
using ZscalerScim.Http;

namespace ZscalerScim.Scim;

/// <summary>
/// One group's membership change by member id, and how far it got: the server took the adds and removes in the order
/// given, in requests of at most <see cref="ServiceLimits.ScimMembersPerRequest"/> members, so after a failure the
/// first <see cref="Added"/> adds and <see cref="Removed"/> removes are made and the rest are not.
/// </summary>
internal sealed class MemberChange
{
    public MemberChange(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        Add = add;
        Remove = remove;
    }

    public IReadOnlyList<string> Add { get; }

    public IReadOnlyList<string> Remove { get; }

    public int Added { get; set; }

    public int Removed { get; set; }

    /// <summary>Set once a group created with these members exists.</summary>
    public string? CreatedId { get; set; }

    public bool Started => CreatedId is not null || Added + Removed > 0;

    /// <summary>The request that failed got no clear answer (timeout, 5xx): its members may be in or out.</summary>
    public bool LastUncertain { get; set; }

    /// <summary>What the server holds of this change after a failure: said in every error that follows a partial write.</summary>
    public string Describe()
    {
        string created = CreatedId is null ? string.Empty : $"The group was created (id {CreatedId}); ";
        string removed = Remove.Count == 0 ? string.Empty : $" and {Removed} of {Remove.Count} removed";
        string rest = LastUncertain
            ? "the group holds those changes; the failed request may have been carried out too (read the group with Get-ZiaScimGroup), and the requests after it were not sent."
            : "the group holds those changes and not the rest.";
        return $"{created}{Added} of {Add.Count} member(s) added{removed} before that (at most {ServiceLimits.ScimMembersPerRequest} a request): {rest}";
    }
}
