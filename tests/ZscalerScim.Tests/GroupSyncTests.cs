using System.Management.Automation;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>Group input mapping and the group planner: creation and membership as the difference only.</summary>
public class GroupSyncTests
{
    private static readonly Dictionary<string, string> IdsByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ann@acme.example"] = "u1",
        ["bob@acme.example"] = "u2",
        ["cy@acme.example"] = "u3",
    };

    private static readonly Dictionary<string, string> NamesById = IdsByName.ToDictionary(kv => kv.Value, kv => kv.Key);

    private static WantedGroup Wanted(string name, params string[]? members) => new() { DisplayName = name, Members = members };

    private static ServerGroup Server(string id, string name, params string[] memberIds) => new() { Id = id, DisplayName = name, MemberIds = memberIds };

    private static PSObject Row(params (string Name, object? Value)[] properties)
    {
        PSObject row = new();
        foreach ((string name, object? value) in properties)
        {
            row.Properties.Add(new PSNoteProperty(name, value));
        }
        return row;
    }

    [Fact]
    public void AddsAndRemovesOnlyTheDifference()
    {
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { Wanted("Sales", "ann@acme.example", "cy@acme.example") },
            new[] { Server("g1", "Sales", "u1", "u2") }, IdsByName, NamesById, deleteOthers: false);
        PlannedGroup step = Assert.Single(plan);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal(new[] { "u3" }, step.AddIds);
        Assert.Equal(new[] { "u2" }, step.RemoveIds);
        Assert.Equal(new[] { "bob@acme.example" }, step.Removed);
    }

    [Fact]
    public void RemovesNobodyWhenAMemberIsUnknown()
    {
        // The wanted list is incomplete: removing by it could empty the group.
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { Wanted("Sales", "ann@acme.example", "nobody@acme.example") },
            new[] { Server("g1", "Sales", "u1", "u2") }, IdsByName, NamesById, deleteOthers: false);
        PlannedGroup step = Assert.Single(plan);
        Assert.Empty(step.RemoveIds);
        Assert.Equal(new[] { "nobody@acme.example" }, step.UnknownMembers);
        Assert.Contains("nobody@acme.example", step.Error);
    }

    [Fact]
    public void LeavesMembershipAloneWhenTheInputHasNoMembers()
    {
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { Wanted("Sales", null) },
            new[] { Server("g1", "Sales", "u1") }, IdsByName, NamesById, deleteOthers: false);
        Assert.Equal(ScimSyncAction.Unchanged, Assert.Single(plan).Action);
    }

    [Fact]
    public void CreatesMissingGroupsAndDeletesOthersOnlyWhenAsked()
    {
        ServerGroup[] server = { Server("g1", "Old") };
        List<PlannedGroup> keep = GroupSyncPlanner.Plan(new[] { Wanted("New", "bob@acme.example") }, server, IdsByName, NamesById, deleteOthers: false);
        Assert.Equal(new[] { ScimSyncAction.Created }, keep.Select(p => p.Action));
        Assert.Equal(new[] { "u2" }, keep[0].AddIds);
        List<PlannedGroup> delete = GroupSyncPlanner.Plan(new[] { Wanted("New") }, server, IdsByName, NamesById, deleteOthers: true);
        Assert.Equal(new[] { ScimSyncAction.Created, ScimSyncAction.Deleted }, delete.Select(p => p.Action));
        Assert.Equal("g1", delete[1].Id);
    }

    [Fact]
    public void FailsEveryRowOfAGroupNamedTwiceAndOneWithoutAName()
    {
        WantedGroup[] wanted = { Wanted("Sales", "ann@acme.example"), Wanted("sales", "bob@acme.example"), Wanted("") };
        for (int i = 0; i < wanted.Length; i++)
        {
            wanted[i].Row = i + 1;
        }
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(wanted, new[] { Server("g1", "Sales", "u3") }, IdsByName, NamesById, deleteOthers: false);
        Assert.Equal(new[] { ScimSyncAction.Failed, ScimSyncAction.Failed, ScimSyncAction.Failed }, plan.Select(p => p.Action));
        Assert.StartsWith("Rows 1 and 2 are all the group 'Sales'", plan[0].Error);
        Assert.Equal("(row 3)", plan[2].DisplayName);
    }

    [Fact]
    public void DeletesNothingWhileAnInputRowFailed()
    {
        // The failed row may well be the server's "Old": deleting "the rest" would delete it.
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { Wanted("New"), Wanted("") }, new[] { Server("g1", "Old") }, IdsByName, NamesById, deleteOthers: true);
        Assert.DoesNotContain(plan, p => p.Action == ScimSyncAction.Deleted);
    }

    [Fact]
    public void TrimsAGroupNameSoThatItMatchesTheServersGroup()
    {
        WantedGroup group = SourceMapping.MapGroup(Row(("DisplayName", " Sales "), ("Members", " ann@acme.example ")));
        Assert.Equal("Sales", group.DisplayName);
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { group }, new[] { Server("g1", "Sales", "u1") }, IdsByName, NamesById, deleteOthers: true);
        Assert.Equal(ScimSyncAction.Unchanged, Assert.Single(plan).Action);
    }

    [Fact]
    public void MapsACsvRowWithMembersInOneCell()
    {
        WantedGroup group = SourceMapping.MapGroup(Row(("Name", "Sales"), ("ExternalId", "ext-7"), ("Members", "ann@acme.example; bob@acme.example,,")));
        Assert.Equal("Sales", group.DisplayName);
        Assert.Equal("ext-7", group.ExternalId);
        Assert.Equal(new[] { "ann@acme.example", "bob@acme.example" }, group.Members);
    }

    [Fact]
    public void MapsMemberObjectsByTheirUserPrincipalName()
    {
        object[] members = { Row(("UserPrincipalName", "ann@acme.example")), Row(("userName", "bob@acme.example")), "cy@acme.example" };
        WantedGroup group = SourceMapping.MapGroup(Row(("DisplayName", "IT"), ("Member", members)));
        Assert.Equal(new[] { "ann@acme.example", "bob@acme.example", "cy@acme.example" }, group.Members);
    }

    [Fact]
    public void AGroupWithoutAMembersPropertyDoesNotManageMembership()
    {
        Assert.Null(SourceMapping.MapGroup(Row(("DisplayName", "IT"))).Members);
    }

    [Fact]
    public void FailsRowsThatShareAnExternalIdOrMatchOneServerGroupAndDeletesNothing()
    {
        WantedGroup eng = new() { Row = 1, DisplayName = "Eng", ExternalId = "G1", Members = new[] { "ann@acme.example" } };
        WantedGroup marketing = new() { Row = 2, DisplayName = "Marketing", ExternalId = "G1", Members = new[] { "bob@acme.example" } };
        WantedGroup byName = new() { Row = 3, DisplayName = "Ops" };
        WantedGroup byExternalId = new() { Row = 4, DisplayName = "Operations", ExternalId = "G3" };
        ServerGroup[] server = { new() { Id = "g1", DisplayName = "Eng", ExternalId = "G1" }, new() { Id = "g2", DisplayName = "Marketing", ExternalId = "G2" }, new() { Id = "g3", DisplayName = "Ops", ExternalId = "G3" } };
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(new[] { eng, marketing, byName, byExternalId }, server, IdsByName, NamesById, deleteOthers: true);
        Assert.All(plan, p => Assert.Equal(ScimSyncAction.Failed, p.Action));
        Assert.All(plan, p => Assert.Null(p.Id));
        Assert.StartsWith("Rows 1 and 2 have the same ExternalId 'G1'", plan[0].Error);
        Assert.StartsWith("Rows 3 and 4 match the same server group 'Ops' (id g3)", plan[3].Error);
        Assert.EndsWith("no server group was changed for them. Make each group appear once in the input.", plan[3].Error);
    }
}
