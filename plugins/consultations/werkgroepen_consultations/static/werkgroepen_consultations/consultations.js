/* Consultations: progressive enhancement only. Without JavaScript every question shows (with its condition in
   words), the budget is checked on the server, and pins are placed by typing their position. */
(function () {
  "use strict";

  function answerOf(form, number) {
    var question = form.querySelector('.question[data-number="' + number + '"]');
    if (!question || question.classList.contains("is-skipped")) return [];
    var values = [];
    question.querySelectorAll("input:checked").forEach(function (input) { values.push(input.dataset.label || input.value); });
    question.querySelectorAll("input[type=text], input[type=number], input[type=date], textarea").forEach(function (input) {
      if (input.value) values.push(input.value.toLowerCase());
    });
    return values;
  }

  function applyConditions(form) {
    form.querySelectorAll(".question[data-condition-question]").forEach(function (question) {
      var wanted = question.dataset.conditionAnswer;
      var given = answerOf(form, question.dataset.conditionQuestion);
      var alias = { ja: "yes", yes: "ja", nee: "no", no: "nee" };
      var shown = given.indexOf(wanted) !== -1 || (alias[wanted] && given.indexOf(alias[wanted]) !== -1);
      question.classList.toggle("is-skipped", !shown);
      question.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = !shown; });
    });
  }

  document.querySelectorAll("form.survey").forEach(function (form) {
    form.querySelectorAll(".condition").forEach(function (note) { note.hidden = true; });
    form.addEventListener("change", function () { applyConditions(form); });
    form.addEventListener("input", function () { applyConditions(form); });
    applyConditions(form);
  });

  document.querySelectorAll("form.vote[data-budget]").forEach(function (form) {
    var budget = parseInt(form.dataset.budget, 10);
    var left = form.querySelector(".budget-left");
    var amount = form.querySelector(".budget-left__amount");
    function update() {
      var spent = 0;
      form.querySelectorAll("input[name=option]:checked").forEach(function (input) { spent += parseInt(input.dataset.cost, 10) || 0; });
      amount.textContent = (budget - spent).toLocaleString("nl-BE");
      left.classList.toggle("is-over", spent > budget);
    }
    left.hidden = false;
    form.addEventListener("change", update);
    update();
  });

  document.querySelectorAll(".plan__svg").forEach(function (svg) {
    var x = document.getElementById("pin-x");
    var y = document.getElementById("pin-y");
    var marker = svg.querySelector(".plan__new-pin");
    if (!x || !y) return;
    var height = svg.viewBox.baseVal.height;
    svg.addEventListener("click", function (event) {
      var box = svg.getBoundingClientRect();
      var px = ((event.clientX - box.left) / box.width) * 100;
      var py = ((event.clientY - box.top) / box.height) * 100;
      x.value = px.toFixed(1);
      y.value = py.toFixed(1);
      marker.setAttribute("cx", px);
      marker.setAttribute("cy", (py * height) / 100);
      document.getElementById("pin-category").focus();
    });
  });
})();
