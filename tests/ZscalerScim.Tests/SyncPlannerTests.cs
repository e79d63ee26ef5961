using ZscalerScim.Scim;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

public class SyncPlannerTests
{
    private static UserFields Wanted(string userName, string? department = null, string? externalId = null, bool? active = null) =>
        new() { UserName = userName, Department = department, ExternalId = externalId, Active = active };

    private static (string, UserFields) Server(string id, string userName, string? department = null, string? externalId = null, bool active = true) =>
        (id, new UserFields { UserName = userName, Department = department, ExternalId = externalId, Active = active, GivenName = "Server" });

    [Fact]
    public void CreatesWhatIsMissingAndLeavesEqualUsersAlone()
    {
        var plan = SyncPlanner.Plan(
            new[] { Wanted("a@acme.example", "Sales"), Wanted("b@acme.example", "IT") },
            new[] { Server("1", "a@acme.example", "Sales") },
            ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Unchanged, ScimSyncAction.Created }, plan.Select(p => p.Action));
        Assert.Null(plan[0].Send);
        Assert.True(plan[1].Send!.Active);
    }

    [Fact]
    public void PatchesOnlyTheAttributesThatDifferAndOnlyManagedOnes()
    {
        var plan = SyncPlanner.Plan(new[] { Wanted("a@acme.example", "Finance") }, new[] { Server("1", "a@acme.example", "Sales") }, ScimDeprovisionMode.None);
        PlannedUser step = Assert.Single(plan);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal("Finance", step.Send!.Department);
        // givenName is not in the input, so the server's value is neither compared nor touched.
        Assert.Null(step.Send.GivenName);
        Assert.Null(step.Send.UserName);
        Assert.Equal(new[] { "department: 'Sales' -> 'Finance'" }, step.Changes);
        Assert.Single(step.Send.ToPatch());
    }

    [Fact]
    public void MatchesOnExternalIdBeforeUserNameSoRenamesAreUpdates()
    {
        var plan = SyncPlanner.Plan(new[] { Wanted("new@acme.example", externalId: "guid-1") }, new[] { Server("1", "old@acme.example", externalId: "guid-1") }, ScimDeprovisionMode.None);
        PlannedUser step = Assert.Single(plan);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal("new@acme.example", step.Send!.UserName);
        Assert.Equal("1", step.Id);
    }

    [Fact]
    public void UserNamesMatchWhateverTheirCase()
    {
        var plan = SyncPlanner.Plan(new[] { Wanted("A@Acme.Example") }, new[] { Server("1", "a@acme.example") }, ScimDeprovisionMode.None);
        Assert.Equal(ScimSyncAction.Unchanged, Assert.Single(plan).Action);
    }

    [Fact]
    public void ReactivatesAndDisablesByTheActiveFlag()
    {
        var plan = SyncPlanner.Plan(
            new[] { Wanted("a@acme.example", active: true), Wanted("b@acme.example", active: false) },
            new[] { Server("1", "a@acme.example", active: false), Server("2", "b@acme.example") },
            ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Reactivated, ScimSyncAction.Disabled }, plan.Select(p => p.Action));
    }

    [Theory]
    [InlineData(ScimDeprovisionMode.None, new ScimSyncAction[0])]
    [InlineData(ScimDeprovisionMode.Disable, new[] { ScimSyncAction.Disabled })]
    [InlineData(ScimDeprovisionMode.Delete, new[] { ScimSyncAction.Deleted, ScimSyncAction.Deleted })]
    public void DeprovisionsServerUsersAbsentFromTheInput(ScimDeprovisionMode mode, ScimSyncAction[] expected)
    {
        // "gone-disabled" is already inactive: disabling it again would be a write for nothing.
        var plan = SyncPlanner.Plan(new[] { Wanted("keep@acme.example") },
            new[] { Server("1", "keep@acme.example"), Server("2", "gone@acme.example"), Server("3", "gone-disabled@acme.example", active: false) }, mode);
        Assert.Equal(expected, plan.Skip(1).Select(p => p.Action));
    }

    [Fact]
    public void FailsDuplicatesAndNamelessInputWithoutStoppingTheRest()
    {
        var plan = SyncPlanner.Plan(new[] { Wanted("a@acme.example"), Wanted("A@acme.example"), new UserFields(), Wanted("b@acme.example") }, Array.Empty<(string, UserFields)>(), ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Created, ScimSyncAction.Failed, ScimSyncAction.Failed, ScimSyncAction.Created }, plan.Select(p => p.Action));
        Assert.Contains("more than once", plan[1].Error);
    }

    [Fact]
    public void AnEmptyValueClearsTheAttribute()
    {
        var plan = SyncPlanner.Plan(new[] { Wanted("a@acme.example", department: "") }, new[] { Server("1", "a@acme.example", "Sales") }, ScimDeprovisionMode.None);
        var op = Assert.Single(Assert.Single(plan).Send!.ToPatch());
        Assert.Equal("remove", (string?)op["op"]);
        Assert.Equal("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", (string?)op["path"]);
    }
}
