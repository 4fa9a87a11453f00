using Microsoft.Playwright;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>
/// An accessibility check run inside the page (no external tool): every form control has a label, every image and
/// figure has a text alternative, one h1 and no skipped heading level, every text's contrast against its background
/// meets WCAG AA (4.5:1, 3:1 for large text) from the computed CSS colours, and the skip link is the first Tab stop.
/// </summary>
public static class AccessibilityCheck
{
    private const string Script =
        """
        () => {
          const problems = [];
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '');
          for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden') continue;
            const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!labelled) problems.push('no label: ' + name(el));
          }
          for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
          for (const svg of document.querySelectorAll('main svg')) {
            const ref = svg.getAttribute('aria-labelledby');
            if (svg.getAttribute('role') !== 'img' || !ref || !document.getElementById(ref)?.textContent.trim()) problems.push('svg without role=img and a caption');
          }
          const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]));
          if (headings.filter(h => h === 1).length !== 1) problems.push('expected exactly one h1, found ' + headings.filter(h => h === 1).length);
          for (let i = 1; i < headings.length; i++) if (headings[i] > headings[i - 1] + 1) problems.push('heading level skipped: h' + headings[i - 1] + ' -> h' + headings[i]);
          if (!document.documentElement.lang) problems.push('no lang on html');
          const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(x => x).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          let checked = 0;
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('svg') || el.closest('.skip')) continue;
            const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
            if (!text) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none') continue;
            const fg = rgb(style.color), bg = background(el);
            const l1 = lum(fg), l2 = lum(bg);
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            checked++;
            if (ratio < needed) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + needed + ': ' + name(el) + ' "' + text.slice(0, 40) + '"');
          }
          if (checked === 0) problems.push('no text checked');
          if (!document.body.textContent.includes('Research software, not a medical device')) problems.push('no research-software notice');
          return problems;
        }
        """;

    /// <summary>Fails the test with every problem found on the page.</summary>
    public static async Task AssertPassesAsync(IPage page)
    {
        var problems = await page.EvaluateAsync<string[]>(Script);
        Assert.IsEmpty(problems, $"{page.Url}: " + string.Join("; ", problems));
        // Keyboard: the first Tab reaches the skip link, and Enter on it moves to the main content.
        await page.Keyboard.PressAsync("Tab");
        Assert.AreEqual("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"), $"{page.Url}: first Tab stop");
    }
}
