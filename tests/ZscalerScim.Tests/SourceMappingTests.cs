using System.Collections;
using System.Management.Automation;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>Users from the pipeline: Get-ADUser, Get-MgUser and CSV property names, -AttributeMap, and what cannot be read.</summary>
public class SourceMappingTests
{
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
    public void ReadsActiveDirectoryPropertiesAndTrimsTheUserName()
    {
        Guid guid = Guid.NewGuid();
        InputUser user = SourceMapping.Map(Row(("UserPrincipalName", " ann@acme.example "), ("GivenName", "Ann"), ("Surname", "Lee"),
            ("EmailAddress", "ann@acme.example"), ("ObjectGUID", guid), ("Enabled", false)), null, 3);
        Assert.Null(user.Error);
        Assert.Equal(3, user.Row);
        Assert.Equal("ann@acme.example", user.Fields.UserName);
        Assert.Equal("Lee", user.Fields.FamilyName);
        Assert.Equal(guid.ToString(), user.Fields.ExternalId);
        Assert.False(user.Fields.Active);
    }

    [Fact]
    public void ReadsTitleFromActiveDirectoryOrGraph()
    {
        Assert.Equal("Engineer", SourceMapping.Map(Row(("UserPrincipalName", "ann@acme.example"), ("Title", "Engineer")), null, 1).Fields.Title);
        Assert.Equal("Analyst", SourceMapping.Map(Row(("UserPrincipalName", "ann@acme.example"), ("JobTitle", "Analyst")), null, 1).Fields.Title);
        Assert.Null(SourceMapping.Map(Row(("UserPrincipalName", "ann@acme.example")), null, 1).Fields.Title);
    }

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    public void ReadsCsvActiveValues(string text, bool expected)
    {
        Assert.Equal(expected, SourceMapping.Map(Row(("userName", "a@acme.example"), ("active", text)), null, 1).Fields.Active);
    }

    [Fact]
    public void AnUnreadableActiveFailsTheRowButKeepsItsName()
    {
        InputUser user = SourceMapping.Map(Row(("userName", "a@acme.example"), ("active", "maybe")), null, 7);
        Assert.Equal("a@acme.example", user.Fields.UserName);
        Assert.Contains("maybe", user.Error);
    }

    [Fact]
    public void AnAttributeMapNamesTheProperty()
    {
        Hashtable map = new() { ["userName"] = "Login", ["department"] = "Team" };
        InputUser user = SourceMapping.Map(Row(("Login", "b@acme.example"), ("Team", "IT"), ("department", "ignored")), map, 1);
        Assert.Equal("b@acme.example", user.Fields.UserName);
        Assert.Equal("IT", user.Fields.Department);
    }

    [Fact]
    public void ARowWithoutAUserNamePropertySaysSo()
    {
        InputUser user = SourceMapping.Map(Row(("mail", "c@acme.example")), null, 1);
        Assert.False(user.HasUserName);
        Assert.Null(user.Fields.UserName);
    }

    [Fact]
    public void RefusesAMapKeyThatIsNotManaged()
    {
        Assert.Throws<ArgumentException>(() => SourceMapping.CheckMap(new Hashtable { ["manager"] = "Manager" }));
        Assert.Throws<ArgumentException>(() => SourceMapping.CheckMap(new Hashtable { ["userName"] = 42 }));
    }
}
