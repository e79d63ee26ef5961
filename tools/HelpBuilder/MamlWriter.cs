using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HelpBuilder;

// Writes CommandDocs as the MAML file PowerShell loads for Get-Help on binary cmdlets
// (<module>.dll-Help.xml), in the element order and spelling PlatyPS uses.
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    public static void Write(IEnumerable<CommandDoc> docs, string path)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), docs.Select(CommandElement));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
    }

    private static XElement CommandElement(CommandDoc doc) =>
        new(Command + "command",
            // Declared on each command, as PlatyPS does, so every command element stands alone.
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                new XElement(Command + "verb", doc.Verb),
                new XElement(Command + "noun", doc.Noun),
                Description(Maml + "description", doc.Synopsis)),
            Description(Maml + "description", doc.Description),
            new XElement(Command + "syntax", SyntaxItems(doc)),
            new XElement(Command + "parameters",
                doc.Parameters.Select(p => Parameter(p, p.Usages[0], inSyntax: false))),
            Types(Command + "inputTypes", Command + "inputType", doc.Inputs),
            Types(Command + "returnValues", Command + "returnValue", doc.Outputs),
            doc.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", Description(Maml + "alert", doc.Notes)),
            new XElement(Command + "examples", doc.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", RelatedLinks(doc)));

    // One syntaxItem per parameter set, built from the yaml 'Parameter Sets' of each parameter:
    // sets in SYNTAX heading order, then any others in the order parameters name them.
    private static IEnumerable<XElement> SyntaxItems(CommandDoc doc)
    {
        var sets = doc.SyntaxSetNames
            .Concat(doc.Parameters.SelectMany(p => p.Usages).SelectMany(u => u.Sets ?? []))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(set => doc.Parameters.Any(p => p.Usages.Any(u => u.Sets is not null && u.AppliesTo(set))))
            .ToList();

        if (sets.Count == 0) // every parameter is "(All)": a single syntax line
            return [SyntaxItem(doc, doc.Parameters.Select(p => (p, p.Usages[0])))];

        return sets.Select(set => SyntaxItem(doc,
            doc.Parameters
                .Select(p => (p, usage: p.Usages.FirstOrDefault(u => u.AppliesTo(set))))
                .Where(x => x.usage is not null)
                .Select(x => (x.p, x.usage!))));
    }

    private static XElement SyntaxItem(CommandDoc doc, IEnumerable<(ParameterDoc Parameter, ParameterUsage Usage)> parameters) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", doc.Name),
            // Positional parameters first, by position, then required named ones, then the rest.
            parameters
                .OrderBy(x => int.TryParse(x.Usage.Position, out var n) ? n : int.MaxValue)
                .ThenBy(x => x.Usage.Required ? 0 : 1)
                .Select(x => Parameter(x.Parameter, x.Usage, inSyntax: true)));

    private static XElement Parameter(ParameterDoc parameter, ParameterUsage usage, bool inSyntax)
    {
        var type = parameter.Type ?? "Object";
        // A switch takes no value: in syntax it has no parameterValue at all (so Get-Help shows
        // "[-Force]"), in the parameter list a non-required one.
        XElement? value = parameter.IsSwitch
            ? inSyntax ? null : new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), type)
            : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type);
        return new XElement(Command + "parameter",
            new XAttribute("required", usage.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", parameter.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", parameter.PipelineInput),
            new XAttribute("position", usage.Position),
            new XAttribute("aliases", parameter.Aliases),
            new XElement(Maml + "name", parameter.Name),
            Description(Maml + "Description", parameter.Description), // capital D, as PlatyPS writes it here
            parameter.AcceptedValues.Count == 0 ? null : new XElement(Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))),
            value,
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", parameter.DefaultValue));
    }

    private static XElement? Types(XName list, XName item, List<TypeDoc> types) =>
        types.Count == 0 ? null : new XElement(list, types.Select(t =>
            new XElement(item,
                new XElement(Dev + "type", new XElement(Maml + "name", t.Name)),
                Description(Maml + "description", t.Description))));

    private static XElement Example(ExampleDoc example) =>
        new(Command + "example",
            // The dashed frame is how classic help titles examples; PlatyPS adds it too.
            new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
            // Get-Help prints introduction and code back to back (it was meant for a "PS C:\>"
            // prompt), so text before the code becomes one para ending in a blank line.
            example.Introduction.Count == 0 ? null : new XElement(Maml + "introduction",
                new XElement(Maml + "para", string.Join("\n\n", example.Introduction) + "\n\n")),
            new XElement(Dev + "code", string.Join("\n\n", example.Code)),
            // A trailing empty para puts a blank line between one example and the next title.
            Description(Dev + "remarks", [.. example.Remarks, ""]));

    private static IEnumerable<XElement> RelatedLinks(CommandDoc doc)
    {
        // PlatyPS turns 'online version:' into the first link, which Get-Help -Online opens.
        var links = string.IsNullOrWhiteSpace(doc.OnlineVersion)
            ? doc.Links
            : doc.Links.Prepend(new LinkDoc("Online Version:", doc.OnlineVersion));
        return links.Select(l => new XElement(Maml + "navigationLink",
            new XElement(Maml + "linkText", l.Text),
            new XElement(Maml + "uri", l.Uri)));
    }

    // A description-like element holding one maml:para per paragraph (an empty one if none, as
    // PlatyPS does, so PowerShell's help formatter always finds the node it expects).
    private static XElement Description(XName name, List<string> paras) =>
        new(name, paras.Count == 0
            ? [new XElement(Maml + "para")]
            : paras.Select(p => new XElement(Maml + "para", p)));
}
