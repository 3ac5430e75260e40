// The designer offers only what the engine executes (README "Supported BPMN"): the palette creates user and service
// tasks (never a plain task), a timer wait instead of a throw event; the context pad appends the same; the replace menu
// lists only supported targets and no loop markers. What is not offered can still arrive in an uploaded file, and the
// server's check then names it.
/** The replace menu's entries (their action names) whose targets the engine executes. */
const replaceable = new Set([
  'replace-with-none-start', 'replace-with-message-start', 'replace-with-timer-start',
  'replace-with-none-end', 'replace-with-terminate-end',
  'replace-with-message-intermediate-catch', 'replace-with-timer-intermediate-catch',
  'replace-with-message-boundary', 'replace-with-timer-boundary',
  'replace-with-non-interrupting-message-boundary', 'replace-with-non-interrupting-timer-boundary',
  'replace-with-user-task', 'replace-with-service-task', 'replace-with-send-task',
  'replace-with-expanded-subprocess', 'replace-with-subprocess',
  'replace-with-exclusive-gateway', 'replace-with-parallel-gateway', 'replace-with-inclusive-gateway', 'replace-with-event-based-gateway',
  'replace-with-sequence-flow', 'replace-with-default-flow', 'replace-with-conditional-flow',
]);

/** The replace menu's header toggles the engine executes (loops and multi-instance it does not). */
const toggles = new Set(['toggle-non-interrupting']);

/** Context pad entries that create what the engine does not execute, or a plain task. */
const hiddenContextEntries = new Set([
  'append.append-task', 'append.intermediate-event', 'append.receive-task', 'append.condition-intermediate-event',
  'append.signal-intermediate-event', 'append.compensation-activity', 'lane-insert-above', 'lane-insert-below',
  'lane-divide-two', 'lane-divide-three',
]);

function SupportedElements(palette, contextPad, popupMenu, create, elementFactory, bpmnFactory, autoPlace, translate) {
  const serviceTask = () => {
    const businessObject = bpmnFactory.create('bpmn:ServiceTask', { 'camunda:type': 'external' });
    return elementFactory.createShape({ type: 'bpmn:ServiceTask', businessObject });
  };
  const shapes = {
    'user-task': () => elementFactory.createShape({ type: 'bpmn:UserTask' }),
    'service-task': serviceTask,
    'timer-catch': () => elementFactory.createShape({ type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:TimerEventDefinition' }),
  };
  const createEntry = (kind, group, className, title) => {
    const start = event => create.start(event, shapes[kind]());
    return { group, className, title: translate(title), action: { dragstart: start, click: start } };
  };
  const appendEntry = (kind, className, title) => ({
    group: 'model',
    className,
    title: translate(title),
    action: {
      click: (event, element) => (autoPlace ? autoPlace.append(element, shapes[kind]()) : create.start(event, shapes[kind](), { source: element })),
      dragstart: (event, element) => create.start(event, shapes[kind](), { source: element }),
    },
  });

  palette.registerProvider(500, {
    getPaletteEntries: () => entries => {
      const kept = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (['create.task', 'create.intermediate-event', 'create.data-object', 'create.data-store', 'create.participant-expanded'].includes(id)) continue;
        kept[id] = entry;
        if (id === 'create.start-event') {
          kept['create.timer-catch'] = createEntry('timer-catch', 'event', 'bpmn-icon-intermediate-event-catch-timer', 'Create timer intermediate catch event');
        }

        if (id === 'create.exclusive-gateway') {
          kept['create.user-task'] = createEntry('user-task', 'activity', 'bpmn-icon-user-task', 'Create user task');
          kept['create.service-task'] = createEntry('service-task', 'activity', 'bpmn-icon-service-task', 'Create service task');
        }
      }

      return kept;
    },
  });

  contextPad.registerProvider(500, {
    getContextPadEntries: element => entries => {
      const appends = 'append.end-event' in entries || 'append.gateway' in entries;
      const kept = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (hiddenContextEntries.has(id)) continue;
        kept[id] = entry;
      }

      if (appends && !element.type.endsWith('EventBasedGateway')) {
        Object.assign(kept, {
          'append.user-task': appendEntry('user-task', 'bpmn-icon-user-task', 'Append user task'),
          'append.service-task': appendEntry('service-task', 'bpmn-icon-service-task', 'Append service task'),
          'append.timer-catch': appendEntry('timer-catch', 'bpmn-icon-intermediate-event-catch-timer', 'Append timer intermediate catch event'),
        });
      }

      return kept;
    },
  });

  popupMenu.registerProvider('bpmn-replace', 500, {
    getPopupMenuEntries: () => entries => Object.fromEntries(Object.entries(entries).filter(([id]) => replaceable.has(id))),
    getPopupMenuHeaderEntries: () => entries => Object.fromEntries(Object.entries(entries).filter(([id]) => toggles.has(id))),
  });
}

SupportedElements.$inject = ['palette', 'contextPad', 'popupMenu', 'create', 'elementFactory', 'bpmnFactory', 'autoPlace', 'translate'];

/** The module: palette, context pad and replace menu limited to the supported elements. */
export const supportedElementsModule = {
  __init__: ['zzutSupportedElements'],
  zzutSupportedElements: ['type', SupportedElements],
};
