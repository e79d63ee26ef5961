using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

// Renders Markdig blocks as the plain-text paragraphs MAML holds (maml:para has no markup):
// emphasis is dropped, code spans keep their text, list items become "- item" paragraphs.
internal static class PlainText
{
    public static List<string> Paragraphs(IEnumerable<Block> blocks, string source)
    {
        var paras = new List<string>();
        foreach (var block in blocks)
            AddBlock(block, source, paras);
        return paras;
    }

    private static void AddBlock(Block block, string source, List<string> paras)
    {
        switch (block)
        {
            case ParagraphBlock p:
                Add(paras, Inline(p.Inline));
                break;
            case HeadingBlock h: // a sub-heading inside a section: keep its words
                Add(paras, Inline(h.Inline));
                break;
            case CodeBlock code: // fenced or indented: verbatim, line breaks kept
                Add(paras, CodeText(code));
                break;
            case ListBlock list:
                AddList(list, source, paras);
                break;
            case Table table: // no table layout in MAML: keep the source rows as typed
                Add(paras, source.Substring(table.Span.Start, table.Span.Length).TrimEnd());
                break;
            case ContainerBlock container: // block quotes and the like: their contents
                foreach (var child in container)
                    AddBlock(child, source, paras);
                break;
            // HTML (typically comments), thematic breaks, link definitions: nothing to show.
        }
    }

    // One para per item, "- " or "1. " first. The item's further paragraphs and nested lists go on
    // indented lines of that same para, because Get-Help trims the leading spaces of a para.
    private static void AddList(ListBlock list, string source, List<string> paras)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var bullet = list.IsOrdered ? $"{number++}. " : "- ";
            var parts = new List<string>();
            foreach (var child in item)
                AddBlock(child, source, parts);
            var lines = parts.SelectMany(p => p.Split('\n'));
            paras.Add(bullet + string.Join("\n" + new string(' ', bullet.Length), lines));
        }
    }

    public static string Inline(ContainerInline? container)
    {
        // The children only: a LinkInline passed here yields its words without the target.
        var text = new StringBuilder();
        if (container is not null)
            AppendChildren(container, text);
        return text.ToString().Trim();
    }

    private static void AppendInline(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content);
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case AutolinkInline auto:
                text.Append(auto.Url);
                break;
            case LineBreakInline br:
                text.Append(br.IsHard ? '\n' : ' ');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded);
                break;
            case LinkInline link:
                var start = text.Length;
                AppendChildren(link, text);
                // Console help has no hyperlinks: keep an absolute target visible after its words.
                var words = text.ToString(start, text.Length - start);
                if (!link.IsImage && link.Url is { } url && Uri.IsWellFormedUriString(url, UriKind.Absolute) && words != url)
                    text.Append(" (").Append(url).Append(')');
                break;
            case ContainerInline container: // emphasis and other wrappers: just their contents
                AppendChildren(container, text);
                break;
            // HtmlInline and anything else carries no readable text.
        }
    }

    private static void AppendChildren(ContainerInline container, StringBuilder text)
    {
        foreach (var child in container)
            AppendInline(child, text);
    }

    public static string CodeText(CodeBlock code) =>
        string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.Slice.ToString())).TrimEnd();

    private static void Add(List<string> paras, string text)
    {
        if (text.Length > 0)
            paras.Add(text);
    }
}
