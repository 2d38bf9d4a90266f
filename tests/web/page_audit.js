// WCAG 2.1 AA basics that can be checked in the DOM of a rendered page. Returns a list of
// problems (empty when the page passes). Used by tests/web/test_accessibility.py.
() => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && rect.width > 0 && rect.height > 0;
  };
  const describe = (el) =>
    `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.name ? " name=" + el.name : ""}>`;
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const byIds = (value) => (value || "").split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));

  // the page: language, one h1, no skipped heading levels, unique ids, a skip link first
  if (!["nl", "en"].includes(document.documentElement.lang)) problems.push("html has no lang");
  const h1s = document.querySelectorAll("h1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  let level = 0;
  document.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach((h) => {
    const next = Number(h.tagName[1]);
    if (next > level + 1) problems.push(`heading level skips to h${next}: ${text(h)}`);
    level = next;
  });
  const seen = new Set();
  document.querySelectorAll("[id]").forEach((el) => {
    if (seen.has(el.id)) problems.push(`duplicate id ${el.id}`);
    seen.add(el.id);
  });
  const focusable = [...document.querySelectorAll("a[href], button, input, select, textarea, summary")]
    .filter((el) => el.type !== "hidden" && !el.disabled);
  const skip = focusable[0];
  if (!skip || !skip.classList.contains("skip-link") || !document.querySelector(skip.getAttribute("href"))) {
    problems.push("the first focusable element is not a working skip link");
  }

  // every form control and button has an accessible name; references point somewhere
  document.querySelectorAll("input, select, textarea, button").forEach((el) => {
    if (el.type === "hidden") return;
    const named =
      (el.labels && [...el.labels].some((label) => text(label))) ||
      (el.getAttribute("aria-label") || "").trim() ||
      byIds(el.getAttribute("aria-labelledby")).some((ref) => text(ref)) ||
      (el.tagName === "BUTTON" && text(el)) ||
      (el.getAttribute("title") || "").trim();
    if (!named) problems.push(`no accessible name: ${describe(el)}`);
  });
  document.querySelectorAll("[aria-describedby], [aria-labelledby], [aria-controls]").forEach((el) => {
    for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
      byIds(el.getAttribute(attr)).forEach((ref, i) => {
        if (!ref) problems.push(`${describe(el)} ${attr} names a missing id`);
      });
    }
  });
  document.querySelectorAll("a[href]").forEach((a) => {
    if (!text(a) && !(a.getAttribute("aria-label") || "").trim()) problems.push(`link without text: ${a.href}`);
  });
  document.querySelectorAll("img").forEach((img) => {
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  });
  document.querySelectorAll("svg").forEach((svg) => {
    if (svg.getAttribute("aria-hidden") !== "true" && !svg.getAttribute("aria-label")) {
      problems.push("svg that is neither hidden nor labelled");
    }
  });
  document.querySelectorAll("fieldset").forEach((fs) => {
    if (!text(fs.querySelector("legend"))) problems.push("fieldset without legend");
  });

  // text contrast (4.5:1, or 3:1 for large text) against the first opaque background behind it
  const rgba = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg && bg.a >= 0.99) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const hidden = (el) => el.closest(".visually-hidden, [hidden], [aria-hidden=true]");
  document.querySelectorAll("body *").forEach((el) => {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || hidden(el)) return;
    const style = getComputedStyle(el);
    const fg = rgba(style.color);
    const bg = background(el);
    const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push(`contrast ${ratio.toFixed(2)} for "${text(el).slice(0, 40)}" ${describe(el)}`);
    }
  });
  return problems;
}
