// Sorts the guests by a column when its heading is chosen (again: the other way round), and opens
// every guest for printing. The page reads the same without it: it only orders and opens.
(function () {
  var guests = document.querySelector(".guests");
  if (!guests) {
    return;
  }
  guests.classList.add("sortable");
  var headings = guests.querySelectorAll(".head > span");
  // a column's cell as written, or, for the verdict, how bad the outcome is (data-rank)
  function value(row, column, key) {
    var text = key ? row.dataset[key] : row.querySelector("summary").children[column].textContent;
    return text !== "" && !isNaN(text) ? Number(text) : text.toLowerCase();
  }
  function sort(heading, column) {
    var key = heading.dataset.key;
    var up = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(guests.querySelectorAll(".guest"));
    rows.sort(function (a, b) {
      var x = value(a, column, key), y = value(b, column, key);
      return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    guests.appendChild(fragment);
    headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", up ? "ascending" : "descending");
  }
  headings.forEach(function (heading, column) {
    heading.setAttribute("role", "button");
    heading.tabIndex = 0;
    heading.addEventListener("click", function () { sort(heading, column); });
    heading.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sort(heading, column);
      }
    });
  });
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
  });
})();
