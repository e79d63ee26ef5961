using ZscalerScim.Scim;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// A new user's changes, written as one line (what Export-Csv shows) straight from its fields: the very text the
/// listed changes joined give, whatever the user holds.
/// </summary>
public class CreateChangesTests
{
    private static readonly UserFields[] Users =
    {
        new UserFields { UserName = "ann@acme.example", ExternalId = "a-1", DisplayName = "Ann O'Neil", GivenName = "Ann", FamilyName = "O'Neil", Email = "ann@acme.example", Department = "Sales", Title = "Lead", Active = true },
        new UserFields { UserName = "bob@acme.example", Active = false },
        new UserFields { UserName = "cy@acme.example", DisplayName = string.Empty, Email = "Cy@Acme.Example", Title = "  " },
        new UserFields { UserName = "dee@acme.example" },
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheLineIsTheListJoined(int which)
    {
        UserFields user = Users[which];
        List<string> listed = new();
        user.ChangesFrom(new UserFields(), listed);
        string expected = string.Join("; ", listed);

        Assert.Equal(expected, new ScimTextList(new CreateChanges(user)).ToString());
        CreateChanges described = new(user);
        Assert.Equal(listed, described);
        Assert.Equal(expected, new ScimTextList(described).ToString());
    }

    [Fact]
    public void TheLineNamesEachValueSetAndAnInactiveUser()
    {
        UserFields user = new() { UserName = "bob@acme.example", Department = "Ops", Active = false };
        Assert.Equal("userName: '' -> 'bob@acme.example'; department: '' -> 'Ops'; active: True -> False", new ScimTextList(new CreateChanges(user)).ToString());
    }

    [Fact]
    public void TheListCannotBeChanged()
    {
        IList<string> changes = new CreateChanges(new UserFields { UserName = "ann@acme.example" });
        Assert.True(changes.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => changes.Add("x"));
        Assert.Throws<NotSupportedException>(() => changes[0] = "x");
        Assert.Single(changes);
    }
}
