// Controls smaller than `min` CSS px either way, text or spacing below the rules, and the page's width.
// Links inside running text are exempt; a radio button or tick box is measured together with its label.
([min, elderly]) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('.visually-hidden, .visually-hidden-focusable, [hidden]');
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`;
  const inRunningText = (a) => !!a.closest('p, td, th, dd, dt, h1, h2, h3, h4, h5, h6, blockquote, .form-text, .alert, figcaption, small, caption, .breadcrumb-item, label');
  const controls = new Set();
  document.querySelectorAll('button, .btn, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])').forEach(el => controls.add(el));
  document.querySelectorAll('nav a, header a, footer a, .list-group a, .list-group-item-action, .nav-link, .page-link, .dropdown-item').forEach(el => controls.add(el));
  document.querySelectorAll('main li > a:only-child').forEach(el => { if (!inRunningText(el)) controls.add(el); });
  const small = [];
  controls.forEach(el => {
    if (!visible(el)) return;
    if (el.tagName === 'A' && inRunningText(el) && !el.matches('.btn, .nav-link, .page-link, .list-group-item-action, .dropdown-item')) return;
    const r = el.getBoundingClientRect();
    if (r.width < min - 0.5 || r.height < min - 0.5) small.push(`${name(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  document.querySelectorAll('input[type=checkbox], input[type=radio]').forEach(input => {
    if (!visible(input)) return;
    const label = input.labels && input.labels[0];
    const boxes = [input.getBoundingClientRect(), ...(label && visible(label) ? [label.getBoundingClientRect()] : [])];
    const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
    const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
    if (right - left < min - 0.5 || bottom - top < min - 0.5) small.push(`${name(input)} with its label ${Math.round(right - left)}x${Math.round(bottom - top)}`);
  });
  const text = [];
  document.querySelectorAll('main p, main li, main td, main dd, main label').forEach(el => {
    if (!visible(el) || !el.innerText.trim()) return;
    const s = getComputedStyle(el), size = parseFloat(s.fontSize), line = parseFloat(s.lineHeight) || size * 1.2;
    if (elderly && size < 18 - 0.01) text.push(`${name(el)} text ${size}px`);
    if (line / size < 1.3 - 0.001) text.push(`${name(el)} line spacing ${(line / size).toFixed(2)}`);
  });
  if (elderly) document.querySelectorAll('main p + p').forEach(el => {
    const prev = el.previousElementSibling, s = getComputedStyle(prev);
    const line = parseFloat(s.lineHeight), gap = line + parseFloat(s.marginBottom);
    if (visible(el) && gap < 1.3 * line - 0.5) text.push(`${name(prev)} paragraph spacing ${(gap / line).toFixed(2)}`);
  });
  // Chart labels as drawn (after the drawing is scaled to the screen) must stay legible.
  document.querySelectorAll('svg text').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.height > 0 && r.height < (elderly ? 18 : 12)) text.push(`chart label "${el.textContent.trim()}" ${r.height.toFixed(1)}px high`);
  });
  return {small, text, width: document.documentElement.scrollWidth, screen: window.innerWidth};
}
