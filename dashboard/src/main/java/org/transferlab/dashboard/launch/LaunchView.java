package org.transferlab.dashboard.launch;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import java.util.Map;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.dashboard.base.LabSession;
import org.transferlab.dashboard.base.MainLayout;
import org.transferlab.dashboard.experiments.ExperimentPage;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.SubmitResult;

/**
 * Launch an experiment: pick a template (fine-tune, GTL, distillation, synthetic), adjust it in the
 * form or the YAML editor (both edit the same spec), see the API's validation errors inline (on the
 * form field they concern, and as a list under the editor) and how many trials it plans, before
 * submitting. Validation is {@code POST /api/specs/validate}, the same check submission runs.
 */
@Route(value = "launch", layout = MainLayout.class)
@PageTitle("Launch · TransferLab")
public class LaunchView extends VerticalLayout {

    private LabApiClient api;
    private final Select<String> template = new Select<>();
    private final TextField name = new TextField("Name");
    private final IntegerField trials = new IntegerField("Trials");
    private final IntegerField maxConcurrent = new IntegerField("Max concurrent");
    private final IntegerField epochs = new IntegerField("Epochs per trial");
    private final Select<String> algorithm = new Select<>();
    private final TextArea yaml = new TextArea("Spec (YAML)");
    private final Div errors = new Div();
    private final Span planned = new Span();
    private final Span problem = new Span();
    private final Button submit = new Button("Launch");
    private final Map<String, HasValidation> fieldsByPath = Map.of("name", name, "search.trials", trials,
            "search.maxConcurrent", maxConcurrent, "train.epochs", epochs, "search.algorithm", algorithm);
    private boolean syncing;

    public LaunchView() {
        configureTemplate();
        FormLayout form = buildForm();
        configureEditor();
        problem.setId("launch-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        submit.setId("launch-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setEnabled(false);
        submit.addClickListener(c -> submit());
        planned.setId("planned-trials");
        HorizontalLayout actions = new HorizontalLayout(submit, planned, problem);
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        add(new H2("Launch an experiment"), template, new H3("Form"), form, new H3("YAML"), yaml, errors, actions);
        setWidthFull();
    }

    private void configureTemplate() {
        template.setId("template");
        template.setLabel("Template");
        template.setItems(SpecTemplates.KINDS);
        template.addValueChangeListener(c -> {
            if (c.getValue() != null) {
                yaml.setValue(SpecTemplates.yaml(c.getValue()));
            }
        });
    }

    private FormLayout buildForm() {
        name.setId("form-name");
        trials.setId("form-trials");
        trials.setMin(1);
        trials.setStepButtonsVisible(true);
        maxConcurrent.setId("form-max-concurrent");
        maxConcurrent.setStepButtonsVisible(true);
        epochs.setId("form-epochs");
        epochs.setStepButtonsVisible(true);
        algorithm.setId("form-algorithm");
        algorithm.setLabel("Search");
        algorithm.setItems("random", "grid", "tpe");
        name.addValueChangeListener(c -> fromForm());
        trials.addValueChangeListener(c -> fromForm());
        maxConcurrent.addValueChangeListener(c -> fromForm());
        epochs.addValueChangeListener(c -> fromForm());
        name.setValueChangeMode(ValueChangeMode.LAZY);
        algorithm.addValueChangeListener(c -> fromForm());
        FormLayout form = new FormLayout(name, algorithm, trials, maxConcurrent, epochs);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
        return form;
    }

    private void configureEditor() {
        yaml.setId("spec-yaml");
        yaml.setWidthFull();
        yaml.setMinHeight("22em");
        yaml.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        yaml.setValueChangeMode(ValueChangeMode.LAZY);
        yaml.setValueChangeTimeout(400);
        yaml.addValueChangeListener(c -> fromYaml());
        errors.setId("spec-errors");
        errors.getStyle().set("color", "var(--lumo-error-text-color)").set("white-space", "pre-wrap");
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        api = LabSession.api();
        if (template.getValue() == null) {
            template.setValue("finetune");
        }
    }

    private void fromForm() {
        if (syncing) {
            return;
        }
        SpecForm form = new SpecForm(blankToNull(name.getValue()), trials.getValue(), maxConcurrent.getValue(), epochs.getValue(),
                algorithm.getValue());
        syncing = true;
        try {
            yaml.setValue(form.writeInto(yaml.getValue()));
        } finally {
            syncing = false;
        }
        validate();
    }

    private void fromYaml() {
        if (!syncing) {
            syncing = true;
            try {
                SpecForm.read(yaml.getValue()).ifPresent(f -> {
                    name.setValue(f.name() == null ? "" : f.name());
                    trials.setValue(f.trials());
                    maxConcurrent.setValue(f.maxConcurrent());
                    epochs.setValue(f.epochs());
                    algorithm.setValue(f.algorithm());
                });
            } finally {
                syncing = false;
            }
        }
        validate();
    }

    /** Asks the API whether the spec would be accepted and shows what it says next to the fields. */
    private void validate() {
        fieldsByPath.values().forEach(f -> f.setInvalid(false));
        errors.removeAll();
        SpecValidation result;
        try {
            result = api.validate(yaml.getValue());
        } catch (LabApiException e) {
            submit.setEnabled(false);
            planned.setText("");
            errors.add(new Span("cannot validate: " + e.getMessage()));
            return;
        }
        for (FieldError error : result.errors() == null ? List.<FieldError>of() : result.errors()) {
            Span line = new Span(error.field() + ": " + error.message());
            line.addClassName("spec-error");
            line.getStyle().set("display", "block");
            errors.add(line);
            HasValidation field = fieldsByPath.get(error.field());
            if (field != null) {
                field.setErrorMessage(error.message());
                field.setInvalid(true);
            }
        }
        submit.setEnabled(result.valid());
        planned.setText(result.valid() ? result.plannedTrials() + " trials planned" : "fix the spec to see how many trials it plans");
    }

    private void submit() {
        try {
            SubmitResult result = api.submit(yaml.getValue());
            getUI().ifPresent(ui -> ui.navigate(ExperimentPage.class, ExperimentPage.parameters(result.id())));
        } catch (LabApiException e) {
            problem.setText(e.status() == 403 ? "your token is read-only: " + e.getMessage() : e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
