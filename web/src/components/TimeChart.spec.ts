import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import TimeChart from './TimeChart.vue';

describe('TimeChart', () => {
  it('draws bars for bar series and a broken line across unknown values', () => {
    const wrapper = mount(TimeChart, {
      props: {
        title: 'Ventes',
        labels: ['28/11', '29/11', '30/11'],
        series: [
          { name: 'Cette semaine', values: [10, 0, 30], kind: 'bar' as const },
          { name: 'Taux', values: [0.5, null, 0.2] },
        ],
        format: (v: number) => `${v} €`,
      },
    });
    expect(wrapper.find('figcaption').text()).toBe('Ventes');
    expect(wrapper.find('svg').attributes('aria-label')).toBe('Ventes');
    expect(wrapper.findAll('[data-testid="bar-0"]')).toHaveLength(3);
    const path = wrapper.find('[data-testid="line-1"] path').attributes('d') ?? '';
    expect(path.match(/M/g)).toHaveLength(2);
    expect(wrapper.findAll('[data-testid="line-1"] circle')).toHaveLength(2);
    expect(wrapper.find('[data-testid="bar-0"] title').text()).toBe('28/11 : 10 €');
    expect(wrapper.findAll('.legend li').map((li) => li.text())).toEqual(['Cette semaine', 'Taux']);
  });

  it('scales in four round steps above the highest value (whole ones for counts), or to the maximum given', () => {
    const ticks = (values: number[], opts: { max?: number; integer?: boolean } = {}) =>
      mount(TimeChart, { props: { title: 't', labels: values.map(String), series: [{ name: 's', values }], ...opts } })
        .findAll('.grid text')
        .map((t) => t.text());
    expect(ticks([37])).toEqual(['0', '10', '20', '30', '40']);
    expect(ticks([37], { max: 100 })).toEqual(['0', '25', '50', '75', '100']);
    expect(ticks([2], { integer: true })).toEqual(['0', '1', '2', '3', '4']);
    expect(ticks([0, 0], { integer: true })).toEqual(['0', '1', '2', '3', '4']);
  });
});
